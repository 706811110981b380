import { afterEach, expect, it } from 'vitest';
import { createDb, enqueueSmsTx, listSms } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { FakeTwilio } from '../support/fakeTwilio';
import { waitFor } from '../support/waitFor';
import { SmsDaemonProcess, smsHome } from './smsDaemon';

let db: TempDb | undefined;
let fake: FakeTwilio | undefined;
afterEach(async () => {
  await fake?.stop();
  db?.dispose();
});

const MESSAGES = 40;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILL the daemon again and again while it sends through twilio-node to a slow, sometimes
 * failing fake. At most once: the fake never accepts the same message twice; every row ends
 * sent, failed or unknown (a row caught mid-send), none stuck pending or sending.
 */
it('survives SIGKILL mid-send: nothing sent twice, every row ends sent, failed or unknown', async () => {
  db = tempDb();
  fake = new FakeTwilio();
  const baseUrl = await fake.start();
  // Slow enough that most kills land during a request; one in eight answers 503 (retried).
  fake.reply = () => (Math.random() < 0.125 ? { status: 503, delayMs: 20 } : { status: 201, delayMs: 40 + Math.random() * 160 });
  const env = smsHome(db.dir, db.path, {
    recipients: ['+15552223333'],
    twilio: { accountSid: 'AC' + 'a1'.repeat(16), authToken: 'secret-token', from: '+15550001111', baseUrl },
    statusIntervalMinutes: 0,
    pollMs: 100,
    requestTimeoutMs: 2000,
    maxAttempts: 3,
    backoffBaseMs: 50,
    backoffMaxMs: 200,
  });
  const now = Date.now();
  for (let i = 0; i < MESSAGES; i++) enqueueSmsTx(db, { kind: 'test', body: `message ${i}`, recipients: ['+15552223333'], maxAttempts: 3, now });

  const check = createDb({ path: db.path });
  const open = () => listSms(check, MESSAGES).filter((m) => m.status === 'pending' || m.status === 'sending').length;
  let kills = 0;
  let midSend = 0;
  const deadline = Date.now() + 40_000;
  let last: SmsDaemonProcess | undefined;
  try {
    while (Date.now() < deadline && kills < 12 && open() > MESSAGES / 4) {
      const seen = fake.requests.length;
      const d = (last = new SmsDaemonProcess(env));
      // Kill once it is sending (a request arrived), a random moment later.
      await waitFor('the daemon to send', () => fake!.requests.length > seen || d.child.exitCode !== null, { timeoutMs: 15_000, intervalMs: 10 });
      await pause(Math.random() * 150);
      if (listSms(check, MESSAGES).some((m) => m.status === 'sending')) midSend++;
      await d.kill('SIGKILL');
      kills++;
      expect(check.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    }
    // A last life finishes the work and stops gracefully.
    last = new SmsDaemonProcess(env);
    await waitFor('every message settled', () => open() === 0, { timeoutMs: 60_000, intervalMs: 100 });
    expect(await last.kill('SIGINT')).toEqual({ code: 0, signal: null });
  } finally {
    await last?.kill('SIGKILL');
    check.close();
  }

  const rows = listSms(db, MESSAGES);
  const byStatus = (s: string) => rows.filter((m) => m.status === s).length;
  expect(rows.filter((m) => !['sent', 'failed', 'unknown'].includes(m.status))).toEqual([]);
  for (const m of rows) {
    const accepted = fake.accepted.get(m.body) ?? 0;
    expect(accepted, `${m.body} accepted ${accepted} times`).toBeLessThanOrEqual(1);
    if (m.status === 'sent') expect(accepted, `${m.body} sent but never accepted`).toBe(1);
    if (m.status === 'failed') expect(m.error).toMatch(/503/);
  }
  console.log(
    `sms sigkill: ${kills} kills (${midSend} mid-send), ${fake.requests.length} requests; sent ${byStatus('sent')}, failed ${byStatus('failed')}, unknown ${byStatus('unknown')}`,
  );
  // Each life needs a start-up (seconds on a loaded machine) before it sends: a handful of kills at least.
  expect(kills).toBeGreaterThanOrEqual(4);
  expect(byStatus('sent')).toBeGreaterThan(MESSAGES / 2);
}, 150_000);
