import { toError } from '@architect/core';
import { recordPromptInteraction } from '@architect/db';
import type { DeliveryDeps } from './deliverPrompt';
import { holdsDraft, lookAtSession } from './lookAtSession';

const MAX_PRESSES = 8;

/**
 * Empty an idle agent's composer of text we typed but must not submit (a failed delivery, a
 * cancelled prompt, a restart that found half a prompt). Ctrl-U deletes a line's worth in every
 * supported agent; it is pressed only while the screen shows an idle agent with text in its
 * composer, or our own `text` waiting there — never into a busy agent, never Enter. Returns true
 * when the composer is empty.
 */
export async function clearComposer(
  deps: Pick<DeliveryDeps, 'db' | 'terminal' | 'screens' | 'clock' | 'log'>,
  session: string,
  provider: string,
  promptId: number,
  text: string,
): Promise<boolean> {
  const { terminal, clock, log } = deps;
  try {
    for (let i = 0; i <= MAX_PRESSES; i++) {
      const look = await lookAtSession(deps, session, provider);
      if (!look.composer.found || (look.state !== 'idle' && !holdsDraft(look, text))) return false;
      if (look.composer.text === '') {
        if (i > 0) recordPromptInteraction(deps.db, { session, promptId, kind: 'composer_cleared', via: 'screen', screenHash: look.hash, details: { presses: i }, now: clock.now() });
        return true;
      }
      if (i === MAX_PRESSES) break;
      await terminal.sendKey(session, 'C-u');
      await clock.sleep(60);
    }
  } catch (raw) {
    log.warn({ err: toError(raw), session, promptId }, 'could not clear the composer');
    return false;
  }
  log.warn({ session, promptId }, 'composer still holds text after clearing; the session stays out of rotation until it is empty');
  return false;
}
