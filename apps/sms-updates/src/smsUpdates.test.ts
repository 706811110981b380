import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, silentLogger, smsSchema, type SmsConfig } from '@architect/core';
import { claimSms, enqueueSmsTx, getSms, insertAlertTx, listSms, INTERRUPTED_ERROR } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { createWebhookTransport } from '@architect/notify';
import { SmsUpdates } from './smsUpdates';

const MIN = 60_000;
// 2026-06-15 12:00 UTC.
const T0 = Date.UTC(2026, 5, 15, 12, 0, 0);

let db: TempDb;
let server: http.Server;
let url: string;
const received: Record<string, unknown>[] = [];
let status = 200;

beforeEach(async () => {
  db = tempDb();
  received.length = 0;
  status = 200;
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      received.push(JSON.parse(raw) as Record<string, unknown>);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  db.dispose();
});

function daemon(clock: ManualClock, over: Partial<SmsConfig> = {}) {
  const config = smsSchema.parse({ recipients: ['+15550001111'], webhookUrl: url, backoffBaseMs: 1000, ...over });
  return new SmsUpdates({
    db,
    log: silentLogger(),
    config,
    transport: createWebhookTransport(url, { timeoutMs: 2000, recipients: config.recipients }),
    workerId: 'sms-updates:0@test:1',
    clock,
    watch: false,
  });
}

describe('sms-updates daemon', () => {
  it('queues the status once per interval, counted from the last one, and sends it through the webhook', async () => {
    const clock = new ManualClock(T0);
    const d = daemon(clock);
    d.recover();
    await d.drain();
    expect(listSms(db)).toEqual([]);
    clock.advance(60 * MIN);
    await d.drain();
    expect(listSms(db).map((m) => [m.kind, m.status])).toEqual([['status', 'sent']]);
    expect(received).toEqual([expect.objectContaining({ source: 'architect', kind: 'status', recipients: ['+15550001111'], text: expect.stringMatching(/^Architect 13:00\nSessions: 0 busy/) })]);
    clock.advance(30 * MIN);
    await d.drain();
    // A restart does not repeat it: the schedule resumes from the last status row.
    const again = daemon(clock);
    again.recover();
    await again.drain();
    expect(listSms(db)).toHaveLength(1);
    clock.advance(30 * MIN);
    await again.drain();
    expect(listSms(db).map((m) => m.kind)).toEqual(['status', 'status']);
  });

  it('skips the status in quiet hours and sends a fresh one when they end; alerts go through the same outbox', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 15, 22, 30, 0));
    const d = daemon(clock, { quietHours: { start: '22:00', end: '07:00' }, statusIntervalMinutes: 60, groupWindowMs: 0 });
    d.recover();
    clock.advance(120 * MIN); // 00:30, quiet
    insertAlertTx(db, { kind: 'health', message: 'DOWN database', details: { check: 'database', state: 'down', critical: true }, now: clock.now() });
    await d.drain();
    expect(listSms(db).map((m) => [m.kind, m.status])).toEqual([['alert', 'sent']]);
    clock.advance(6.5 * 60 * MIN); // 07:00
    await d.drain();
    expect(listSms(db).map((m) => m.kind)).toEqual(['status', 'alert']);
    expect(received.map((r) => r.kind)).toEqual(['alert', 'status']);
  });

  it('at start, a row a previous life left mid-send becomes unknown and is never sent; a live CLI send is left alone', async () => {
    const clock = new ManualClock(T0);
    const mine = enqueueSmsTx(db, { kind: 'alert', body: 'was in flight', recipients: ['+15550001111'], maxAttempts: 5, now: T0 - 10_000 });
    claimSms(db, { by: 'sms-updates:0@test:999', transport: 'webhook', now: T0 - 5000 });
    const cli = enqueueSmsTx(db, { kind: 'test', body: 'cli in flight', recipients: [], maxAttempts: 1, now: T0 - 1000 });
    claimSms(db, { by: 'cli:42', transport: 'webhook', now: T0 - 1000 });
    const d = daemon(clock);
    d.recover();
    await d.drain();
    expect(getSms(db, mine)).toMatchObject({ status: 'unknown', error: INTERRUPTED_ERROR, attempts: 1 });
    expect(getSms(db, cli)).toMatchObject({ status: 'sending' });
    expect(received).toEqual([]);
    expect(d.stats.recovered).toBe(1);
    // Once the CLI's row has been idle past the stale limit, the minute check settles it too.
    clock.advance(61_000);
    await d.drain();
    expect(getSms(db, cli)).toMatchObject({ status: 'unknown' });
    expect(d.stats.recovered).toBe(2);
  });

  it('webhook 5xx is retried after its backoff, 4xx fails', async () => {
    const clock = new ManualClock(T0);
    const d = daemon(clock);
    d.recover();
    const id = enqueueSmsTx(db, { kind: 'alert', body: 'x', recipients: [], maxAttempts: 3, now: T0 });
    status = 503;
    await d.drain();
    expect(getSms(db, id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 1000 });
    status = 200;
    clock.advance(999);
    await d.drain();
    expect(getSms(db, id)!.status).toBe('pending');
    clock.advance(1);
    await d.drain();
    expect(getSms(db, id)).toMatchObject({ status: 'sent', attempts: 2 });
    status = 404;
    const bad = enqueueSmsTx(db, { kind: 'alert', body: 'y', recipients: [], maxAttempts: 3, now: clock.now() });
    await d.drain();
    expect(getSms(db, bad)).toMatchObject({ status: 'failed', attempts: 1, error: 'webhook answered HTTP 404' });
  });
});
