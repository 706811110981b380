import { describe, expect, it } from 'vitest';
import { applySmsEnv, smsSchema } from './sms';
import { applySmsVault } from './smsVault';

describe('Twilio credentials from the vault', () => {
  const sid = `AC${'ab'.repeat(16)}`;

  it('fills only what the environment and the file left unset, and asks only for those', () => {
    const asked: string[] = [];
    const vault: Record<string, string> = { TWILIO_ACCOUNT_SID: `AC${'cd'.repeat(16)}`, TWILIO_AUTH_TOKEN: 'from-vault' };
    const lookup = (name: string) => (asked.push(name), vault[name]);
    const fromEnv = applySmsEnv(smsSchema.parse({}), { TWILIO_ACCOUNT_SID: sid });
    const merged = applySmsVault(fromEnv, lookup);
    expect(merged.twilio).toMatchObject({ accountSid: sid, authToken: 'from-vault' });
    expect(asked).toEqual(['TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET']);
  });

  it('a malformed value from the vault is a config error naming the field, not the value', () => {
    expect(() => applySmsVault(smsSchema.parse({}), (n) => (n === 'TWILIO_ACCOUNT_SID' ? 'not-a-sid-SECRETISH' : undefined))).toThrow(/twilio\.accountSid/);
    try {
      applySmsVault(smsSchema.parse({}), (n) => (n === 'TWILIO_ACCOUNT_SID' ? 'not-a-sid-SECRETISH' : undefined));
    } catch (err) {
      expect((err as Error).message).not.toContain('SECRETISH');
    }
  });

  it('nothing in the vault leaves the config as it was', () => {
    const sms = smsSchema.parse({});
    expect(applySmsVault(sms, () => undefined)).toBe(sms);
  });
});
