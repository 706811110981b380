import { z } from 'zod';
import { ConfigError } from '../../errors';
import { formatIssues } from '../issues';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +15551234567');

/** An IANA time zone name, checked against the runtime's own Intl data. */
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown IANA time zone (e.g. "Europe/Paris", "America/Los_Angeles", "UTC")' },
);

/**
 * Twilio credentials: an account SID with either its auth token or an API key SID + secret.
 * The environment (TWILIO_*) overrides these in the daemon's wiring; the vault is a later source.
 */
export const twilioSchema = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
    authToken: z.string().min(1).optional(),
    apiKeySid: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must look like SK followed by 32 hex digits').optional(),
    apiKeySecret: z.string().min(1).optional(),
    from: phone.optional(),
    // Where Twilio's API lives; tests point it at a local fake. Keep the default in production.
    baseUrl: z.string().url().optional(),
  })
  .strict();

export type TwilioConfig = z.infer<typeof twilioSchema>;

export const smsSchema = z
  .object({
    // Master switch for the daemon's own messages (status and alerts); `sms test` works regardless.
    enabled: z.boolean().default(true),
    // Numbers that receive every message.
    recipients: z.array(phone).default([]),
    twilio: twilioSchema.default({}),
    // A URL that receives a small JSON POST per message (ntfy, Slack or Telegram bridges).
    webhookUrl: z.string().url().optional(),
    // Hourly status; 0 turns it off.
    statusIntervalMinutes: z.number().int().min(0).max(24 * 60).default(60),
    // Alerts arriving within this long of the first pending one go out as one message.
    groupWindowMs: z.number().int().min(0).max(10 * 60_000).default(30_000),
    // The same alert (kind + session + key) is not sent again within this long unless acknowledged.
    dedupeWindowMinutes: z.number().int().min(0).default(60),
    // Most alert messages in any 60 minutes; the last one says how many are being held back.
    maxAlertsPerHour: z.number().int().min(1).default(6),
    // Quiet hours in `timeZone`: non-critical messages wait until they end. Unset = none.
    quietHours: z.object({ start: hhmm, end: hhmm }).strict().optional(),
    timeZone: timeZone.default('UTC'),
    // Alert kinds sent even in quiet hours (an alert whose details say severity "critical" is too).
    criticalKinds: z.array(z.string()).default(['health_down']),
    // Send attempts per message for retryable errors (5xx, timeouts), with exponential backoff.
    maxAttempts: z.number().int().min(1).max(20).default(5),
    backoffBaseMs: z.number().int().min(0).default(5000),
    backoffMaxMs: z.number().int().min(0).default(300_000),
    // One request's timeout (Twilio or webhook).
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    // Fallback poll when no wake-up arrives.
    pollMs: z.number().int().min(50).default(2000),
    heartbeatMs: z.number().int().min(100).default(5000),
  })
  .strict();

export type SmsConfig = z.infer<typeof smsSchema>;

/**
 * Credentials and recipients from the environment override the file (secrets do not belong in a
 * config file in a repository). Takes `env` as an argument: only a daemon's or the CLI's wiring
 * reads process.env. The vault becomes a third source here later.
 */
export function applySmsEnv(sms: SmsConfig, env: NodeJS.ProcessEnv): SmsConfig {
  const pick = (name: string) => (env[name] && env[name]!.trim() !== '' ? env[name]!.trim() : undefined);
  const to = pick('ARCHITECT_SMS_TO');
  const merged = {
    ...sms,
    twilio: {
      ...sms.twilio,
      ...defined({
        accountSid: pick('TWILIO_ACCOUNT_SID'),
        authToken: pick('TWILIO_AUTH_TOKEN'),
        apiKeySid: pick('TWILIO_API_KEY'),
        apiKeySecret: pick('TWILIO_API_SECRET'),
        from: pick('TWILIO_FROM'),
      }),
    },
    ...defined({ webhookUrl: pick('ARCHITECT_SMS_WEBHOOK'), recipients: to ? to.split(',').map((s) => s.trim()).filter(Boolean) : undefined }),
  };
  const result = smsSchema.safeParse(merged);
  if (!result.success) throw new ConfigError('environment (TWILIO_*, ARCHITECT_SMS_*) and sms config', formatIssues(result.error.issues));
  return result.data;
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
