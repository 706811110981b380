import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors';
import { parseFileConfig } from '../load';
import { applySmsEnv, smsSchema } from './sms';

describe('sms config', () => {
  it('has safe defaults: no transport, hourly status, 30 s grouping, a cap', () => {
    expect(parseFileConfig({}, 'test').sms).toMatchObject({ recipients: [], twilio: {}, statusIntervalMinutes: 60, groupWindowMs: 30_000, maxAlertsPerHour: 6, timeZone: 'UTC' });
  });

  it('reports every bad value at once: number format, time zone, quiet hours, SIDs', () => {
    let err: unknown;
    try {
      parseFileConfig({ sms: { recipients: ['5551234'], timeZone: 'Mars/Olympus', quietHours: { start: '25:00', end: '07:00' }, twilio: { accountSid: 'XX1' } } }, 'test');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.path).sort()).toEqual(['sms.quietHours.start', 'sms.recipients.0', 'sms.timeZone', 'sms.twilio.accountSid']);
  });

  it('takes credentials and recipients from the environment over the file; blank variables are ignored', () => {
    const file = smsSchema.parse({ recipients: ['+15550000000'], twilio: { from: '+15551111111', authToken: 'file-token' } });
    const sms = applySmsEnv(file, {
      TWILIO_ACCOUNT_SID: 'AC' + 'ab'.repeat(16),
      TWILIO_AUTH_TOKEN: 'env-token',
      TWILIO_FROM: '',
      ARCHITECT_SMS_TO: '+15552222222, +15553333333',
    });
    expect(sms.twilio).toEqual({ accountSid: 'AC' + 'ab'.repeat(16), authToken: 'env-token', from: '+15551111111' });
    expect(sms.recipients).toEqual(['+15552222222', '+15553333333']);
    expect(() => applySmsEnv(file, { ARCHITECT_SMS_TO: 'not-a-number' })).toThrow(ConfigError);
  });
});
