import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAlertTx } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { architect, architectAsync } from '../support/cli';
import { FakeTwilio } from '../support/fakeTwilio';
import { smsHome } from './smsDaemon';

let db: TempDb;
beforeEach(() => {
  db = tempDb();
});
afterEach(() => db.dispose());

describe('architect sms test', () => {
  it('with nothing configured, goes through the outbox to the log transport', () => {
    const env = smsHome(db.dir, db.path, {});
    const r = architect(['sms', 'test', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'test', status: 'sent', transport: 'log', attempts: 1 });
  });

  it('through Twilio: reports the SID; a 4xx is reported as failed with exit 1', async () => {
    const fake = new FakeTwilio();
    const baseUrl = await fake.start();
    try {
      const env = smsHome(db.dir, db.path, {
        recipients: ['+15559990000'],
        twilio: { accountSid: 'AC' + '0f'.repeat(16), authToken: 'tok', from: '+15550001111', baseUrl },
      });
      const ok = await architectAsync(['sms', 'test', '--to', '+15552223333', '--json'], env);
      expect(ok.code).toBe(0);
      const row = JSON.parse(ok.stdout) as { status: string; sid: string; recipients: string[] };
      expect(row).toMatchObject({ status: 'sent', transport: 'twilio', recipients: ['+15552223333'] });
      expect(row.sid).toMatch(/^SM/);
      expect(fake.requests.map((q) => q.form.To)).toEqual(['+15552223333']);

      fake.reply = () => ({ status: 400 });
      const bad = await architectAsync(['sms', 'test'], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/failed: Twilio 400/);
      expect(fake.requests.at(-1)!.form.To).toBe('+15559990000');
    } finally {
      await fake.stop();
    }
  });

  it('a malformed number is a usage error', () => {
    const r = architect(['sms', 'test', '--to', '5551234'], smsHome(db.dir, db.path, {}));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E\.164/);
  });
});

describe('architect alerts', () => {
  it('lists alerts redacted, acknowledges once, refuses unknown ids', () => {
    const env = smsHome(db.dir, db.path, {});
    const id = insertAlertTx(db, { kind: 'permission_escalated', session: 'w1', message: 'w1 needs a human: Bash: TOKEN=abc123secret make deploy', now: Date.now() });
    const list = architect(['alerts', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as { id: number; message: string; acknowledged_at: number | null }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, kind: 'permission_escalated', session: 'w1', acknowledged_at: null });
    expect(rows[0]!.message).not.toContain('abc123secret');

    expect(architect(['alerts', 'ack', String(id), '--json'], env)).toMatchObject({ code: 0, stdout: `${JSON.stringify({ alert_id: id, acknowledged: true }, null, 2)}\n` });
    expect(architect(['alerts', 'ack', String(id)], env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/already acknowledged/) });
    expect(architect(['alerts', 'ack', '999'], env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/does not exist/) });
    expect(architect(['alerts', 'ack', 'x'], env).code).toBe(2);
    expect(JSON.parse(architect(['alerts', 'list', '--open', '--json'], env).stdout)).toEqual([]);
  });
});
