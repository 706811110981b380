import { ConfigError } from '../../errors';
import { formatIssues } from '../issues';
import { smsSchema, type SmsConfig, type TwilioConfig } from './sms';

/** Vault secret names that hold Twilio's credentials (the same names as the env variables). */
export const TWILIO_VAULT_NAMES: Record<keyof Omit<TwilioConfig, 'baseUrl' | 'from'>, string> = {
  accountSid: 'TWILIO_ACCOUNT_SID',
  authToken: 'TWILIO_AUTH_TOKEN',
  apiKeySid: 'TWILIO_API_KEY',
  apiKeySecret: 'TWILIO_API_SECRET',
};

/**
 * The vault is the third source of Twilio credentials: it fills only what neither the
 * environment nor the config file set. `lookup` reveals one secret (audited by the caller's
 * vault) or returns undefined when it is absent; it is called only for the missing fields.
 */
export function applySmsVault(sms: SmsConfig, lookup: (name: string) => string | undefined): SmsConfig {
  const twilio: Record<string, unknown> = { ...sms.twilio };
  let changed = false;
  for (const [field, name] of Object.entries(TWILIO_VAULT_NAMES)) {
    if (twilio[field] !== undefined) continue;
    const value = lookup(name);
    if (value !== undefined) {
      twilio[field] = value;
      changed = true;
    }
  }
  if (!changed) return sms;
  const result = smsSchema.safeParse({ ...sms, twilio });
  // The issue paths name the field; zod's messages here never include the value.
  if (!result.success) throw new ConfigError('Twilio credentials from the vault', formatIssues(result.error.issues));
  return result.data;
}
