import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@architect/core';
import { claimSms, enqueueSmsTx, getSms } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { createTwilioTransport, deliverClaimed, SendError, twilioCredentials, type Transport } from '@architect/notify';
import { FakeTwilio } from '../support/fakeTwilio';

const ACCOUNT = 'AC' + '0123456789abcdef'.repeat(2);
const TOKEN = 'tok_' + 'x'.repeat(28);
const KEY = 'SK' + 'fedcba9876543210'.repeat(2);
const KEY_SECRET = 'keysecret_' + 'y'.repeat(22);
const FROM = '+15550001111';
const TO = '+15552223333';
const log = silentLogger();
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

let fake: FakeTwilio;
let baseUrl: string;
beforeEach(async () => {
  fake = new FakeTwilio();
  baseUrl = await fake.start();
});
afterEach(() => fake.stop());

async function transport(auth: 'token' | 'key', timeoutMs = 5000): Promise<Transport> {
  const creds = twilioCredentials(
    auth === 'token'
      ? { accountSid: ACCOUNT, authToken: TOKEN, from: FROM, baseUrl }
      : { accountSid: ACCOUNT, apiKeySid: KEY, apiKeySecret: KEY_SECRET, from: FROM, baseUrl },
  );
  return createTwilioTransport(creds!, { timeoutMs });
}

describe('Twilio through twilio-node with our httpClient, against a local fake', () => {
  it('sends the exact request: account path, form fields, Basic auth with the auth token', async () => {
    const t = await transport('token');
    const { sid } = await t.send({ id: 1, kind: 'test', body: 'Hello from Architect: ok {x}' }, TO);
    expect(sid).toMatch(/^SM\d{32}$/);
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`,
        authorization: basic(ACCOUNT, TOKEN),
        contentType: 'application/x-www-form-urlencoded',
        form: { To: TO, From: FROM, Body: 'Hello from Architect: ok {x}' },
      },
    ]);
  });

  it('authenticates with an API key SID and secret, still under the account', async () => {
    const t = await transport('key');
    await t.send({ id: 1, kind: 'test', body: 'k' }, TO);
    expect(fake.requests[0]).toMatchObject({ path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, authorization: basic(KEY, KEY_SECRET) });
  });

  it('incomplete credentials mean no Twilio at all', () => {
    expect(twilioCredentials({ accountSid: ACCOUNT, from: FROM })).toBeNull();
    expect(twilioCredentials({ accountSid: ACCOUNT, apiKeySid: KEY, from: FROM })).toBeNull();
    expect(twilioCredentials({ authToken: TOKEN, from: FROM })).toBeNull();
  });

  it('a 4xx is permanent, a 5xx and a timeout are retryable', async () => {
    const t = await transport('token', 300);
    fake.reply = () => ({ status: 400 });
    const e4 = await t.send({ id: 1, kind: 'k', body: 'a' }, TO).catch((e: unknown) => e);
    expect(e4).toBeInstanceOf(SendError);
    expect(e4).toMatchObject({ retryable: false, data: { status: 400, providerCode: 21211 } });
    fake.reply = () => ({ status: 503 });
    expect(await t.send({ id: 1, kind: 'k', body: 'b' }, TO).catch((e: unknown) => e)).toMatchObject({ retryable: true, data: { status: 503 } });
    fake.reply = () => 'hang';
    const started = Date.now();
    const eT = await t.send({ id: 1, kind: 'k', body: 'c' }, TO).catch((e: unknown) => e);
    expect(eT).toMatchObject({ retryable: true });
    expect((eT as Error).message).toMatch(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('outbox delivery over Twilio', () => {
  let db: TempDb;
  beforeEach(() => {
    db = tempDb();
  });
  afterEach(() => db.dispose());

  const deliver = (t: Transport, now: () => number) => {
    const m = claimSms(db, { by: 'test', transport: t.name, now: now() });
    if (!m) throw new Error('nothing to claim');
    return deliverClaimed({ db, transport: t, log, now, backoffBaseMs: 1000, backoffMaxMs: 3000 }, m);
  };

  it('5xx and timeouts are retried with bounded exponential backoff, then failed; nothing sent twice', async () => {
    const t = await transport('token', 200);
    let clock = 1_000_000;
    const id = enqueueSmsTx(db, { kind: 'alert', body: 'flaky', recipients: [TO], maxAttempts: 4, now: clock });
    fake.reply = (_r, n) => (n % 2 ? { status: 500 } : 'hang');
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await deliver(t, () => clock);
      const row = getSms(db, id)!;
      expect(outcome).toBe(i < 3 ? 'retry' : 'failed');
      if (i < 3) {
        waits.push(row.nextAttemptAt - clock);
        // Not due before its backoff.
        expect(claimSms(db, { by: 'test', transport: 'twilio', now: row.nextAttemptAt - 1 })).toBeUndefined();
        clock = row.nextAttemptAt;
      }
    }
    expect(waits).toEqual([1000, 2000, 3000]); // doubling, capped at backoffMaxMs
    expect(getSms(db, id)).toMatchObject({ status: 'failed', attempts: 4 });
    expect(fake.requests).toHaveLength(4);
    expect(fake.accepted.size).toBe(0);
  });

  it('a 4xx fails at once; a success records the SID; a partial send skips who already got it', async () => {
    const t = await transport('token');
    const now = () => 5_000_000;
    const bad = enqueueSmsTx(db, { kind: 'alert', body: 'bad number', recipients: [TO], maxAttempts: 5, now: now() });
    fake.reply = () => ({ status: 400 });
    expect(await deliver(t, now)).toBe('failed');
    expect(getSms(db, bad)).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('Twilio 400') });

    const TO2 = '+15554445555';
    const two = enqueueSmsTx(db, { kind: 'status', body: 'two', recipients: [TO, TO2], maxAttempts: 5, now: now() });
    fake.reply = (r) => (r.form.To === TO2 && fake.requests.filter((q) => q.form.To === TO2).length === 1 ? { status: 502 } : { status: 201 });
    expect(await deliver(t, now)).toBe('retry');
    expect(claimSms(db, { by: 'test', transport: 'twilio', now: now() })).toBeUndefined(); // backing off
    const later = () => 6_000_000;
    expect(await deliver(t, later)).toBe('sent');
    const row = getSms(db, two)!;
    expect(row.status).toBe('sent');
    expect(Object.keys(row.delivered).sort()).toEqual([TO, TO2].sort());
    expect(row.sid!.split(',')).toHaveLength(2);
    expect(fake.requests.filter((r) => r.form.Body === 'two').map((r) => r.form.To)).toEqual([TO, TO2, TO2]);
    expect(fake.accepted.get('two')).toBe(2);
  });

  it('a graceful stop between recipients gives the row back, keeping who already got it', async () => {
    const t = await transport('token');
    const now = () => 7_000_000;
    const TO2 = '+15554445555';
    const id = enqueueSmsTx(db, { kind: 'status', body: 'stop', recipients: [TO, TO2], maxAttempts: 5, now: now() });
    const stop = new AbortController();
    fake.reply = () => {
      stop.abort();
      return { status: 201 };
    };
    const m = claimSms(db, { by: 'test', transport: 'twilio', now: now() })!;
    expect(await deliverClaimed({ db, transport: t, log, now, backoffBaseMs: 1000, backoffMaxMs: 3000, signal: stop.signal }, m)).toBe('released');
    const row = getSms(db, id)!;
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(Object.keys(row.delivered)).toEqual([TO]);
    expect(await deliver(t, now)).toBe('sent');
    expect(fake.requests.map((r) => r.form.To)).toEqual([TO, TO2]);
  });
});
