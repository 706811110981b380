import { z } from 'zod';

/**
 * Nothing stuck unseen: when the session watcher raises an alert about a session. One alert per
 * episode (a session in one state since one instant); a new episode can alert again.
 */
export const sessionAlertsSchema = z
  .object({
    // Raise these alerts at all.
    enabled: z.boolean().default(true),
    // A session `unknown`, `waiting_input` (a human is needed) or `exited` this long raises one alert.
    attentionAfterMs: z.number().int().min(0).max(86_400_000).default(60_000),
    // A session `busy` whose screen has not changed (spinner and timers aside) this long raises one alert.
    busyQuietMs: z.number().int().min(1000).max(86_400_000).default(600_000),
    // Rows of the screen's bottom kept in the alert's details.
    screenRows: z.number().int().min(1).max(200).default(15),
  })
  .strict();

export type SessionAlertOptions = z.infer<typeof sessionAlertsSchema>;
