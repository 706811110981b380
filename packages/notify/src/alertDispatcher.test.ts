import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@architect/core';
import { ackAlert, getAlert, insertAlertTx, listSms } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { AlertDispatcher } from './alertDispatcher';
import type { AlertPolicy } from './alertPlan';
import { smsLength } from './gsm';

let db: TempDb;
beforeEach(() => {
  db = tempDb();
});
afterEach(() => db.dispose());

const S = 1000;
const MIN = 60 * S;
// 2026-06-15 12:00 UTC = 08:00 in New York (EDT).
const T0 = Date.UTC(2026, 5, 15, 12, 0, 0);
const base: AlertPolicy = { groupWindowMs: 30 * S, dedupeWindowMinutes: 60, maxAlertsPerHour: 6, timeZone: 'America/New_York', criticalKinds: ['health_down'] };

function dispatcher(policy: Partial<AlertPolicy> = {}) {
  return new AlertDispatcher({ db, log: silentLogger(), policy: { ...base, ...policy }, recipients: ['+15550001111'], maxAttempts: 5 });
}
function alert(at: number, a: { kind?: string; session?: string; message?: string; details?: Record<string, unknown> } = {}): number {
  return insertAlertTx(db, { kind: a.kind ?? 'session_exited', session: a.session ?? 'w1', message: a.message ?? `${a.session ?? 'w1'} exited`, details: a.details, now: at });
}
const messages = () => listSms(db, 100).reverse();

describe('grouping', () => {
  it('alerts arriving together wait the group window, then go out as one message', () => {
    const d = dispatcher();
    const ids = [alert(T0, { session: 'w1' }), alert(T0 + 10 * S, { session: 'w2' }), alert(T0 + 20 * S, { session: 'w3' })];
    expect(d.run(T0 + 29 * S)).toMatchObject({ holding: 'group_window', wakeAt: T0 + 30 * S });
    expect(messages()).toEqual([]);
    d.run(T0 + 30 * S);
    const [m] = messages();
    expect(messages()).toHaveLength(1);
    expect(m).toMatchObject({ kind: 'alert', status: 'pending', recipients: ['+15550001111'], alertIds: ids });
    expect(m!.body).toBe('Architect 08:00: 3 alerts\nw1 exited\nw2 exited\nw3 exited');
    for (const id of ids) expect(getAlert(db, id)).toMatchObject({ notifiedAt: T0 + 30 * S, smsMessageId: m!.id });
    // Nothing left to do: a second pass queues nothing.
    d.run(T0 + 31 * S);
    expect(messages()).toHaveLength(1);
  });
});

describe('dedupe', () => {
  it('the same alert is not repeated while it lasts; a different one, an acknowledged one or one past the window is', () => {
    const d = dispatcher();
    const first = alert(T0, { kind: 'session_stuck', details: { key: 'stuck' } });
    d.run(T0 + 30 * S);
    const repeat = alert(T0 + 5 * MIN, { kind: 'session_stuck', details: { key: 'stuck' } });
    const other = alert(T0 + 5 * MIN, { kind: 'session_stuck', session: 'w2', details: { key: 'stuck' } });
    d.run(T0 + 6 * MIN);
    expect(getAlert(db, repeat)).toMatchObject({ notifiedAt: T0 + 6 * MIN, smsMessageId: null });
    expect(messages().map((m) => m.alertIds)).toEqual([[first], [other]]);

    // Acknowledged: the next occurrence is news again.
    expect(ackAlert(db, first, T0 + 7 * MIN)).toBe(true);
    expect(ackAlert(db, first, T0 + 7 * MIN)).toBe(false);
    const again = alert(T0 + 8 * MIN, { kind: 'session_stuck', details: { key: 'stuck' } });
    d.run(T0 + 9 * MIN);
    expect(messages().at(-1)!.alertIds).toEqual([again]);

    // Past the dedupe window, a lasting condition is reminded once.
    const later = alert(T0 + 70 * MIN, { kind: 'session_stuck', details: { key: 'stuck' } });
    d.run(T0 + 71 * MIN);
    expect(messages().at(-1)!.alertIds).toEqual([later]);
    // Duplicates inside one batch go out once.
    const dupA = alert(T0 + 80 * MIN, { kind: 'health', details: { check: 'disk', state: 'down' } });
    const dupB = alert(T0 + 80 * MIN + S, { kind: 'health', details: { check: 'disk', state: 'down' } });
    d.run(T0 + 81 * MIN);
    expect(messages().at(-1)!.alertIds).toEqual([dupA]);
    expect(getAlert(db, dupB)).toMatchObject({ smsMessageId: null, notifiedAt: T0 + 81 * MIN });
  });
});

describe('quiet hours (user time zone)', () => {
  // 03:00 UTC = 23:00 in New York the day before.
  const NIGHT = Date.UTC(2026, 5, 16, 3, 0, 0);
  const quiet = { quietHours: { start: '22:00', end: '07:00' } };

  it('hold non-critical alerts until they end; critical ones go out at once', () => {
    const d = dispatcher(quiet);
    const minor = alert(NIGHT, { kind: 'session_exited' });
    const down = alert(NIGHT + S, { kind: 'health', message: 'DOWN database: quick_check failed', details: { check: 'database', state: 'down', critical: true } });
    const plan = d.run(NIGHT + 31 * S);
    expect(plan).toMatchObject({ holding: 'quiet_hours', wakeAt: Date.UTC(2026, 5, 16, 11, 0, 0) }); // 07:00 EDT
    expect(messages().map((m) => m.alertIds)).toEqual([[down]]);
    expect(messages()[0]!.body).toContain('DOWN database');
    expect(getAlert(db, minor)!.notifiedAt).toBeNull();
    // A later critical alert waits its own group window, not the held one's.
    const later = alert(NIGHT + 10 * MIN, { kind: 'health_down', message: 'DOWN tmux' });
    expect(d.run(NIGHT + 10 * MIN + 29 * S)).toMatchObject({ holding: 'group_window', wakeAt: NIGHT + 10 * MIN + 30 * S });
    d.run(NIGHT + 10 * MIN + 30 * S);
    expect(messages().map((m) => m.alertIds)).toEqual([[down], [later]]);
    // 06:59 local: still held.
    d.run(Date.UTC(2026, 5, 16, 10, 59, 0));
    expect(messages()).toHaveLength(2);
    // 07:00 local: out.
    d.run(Date.UTC(2026, 5, 16, 11, 0, 0));
    expect(messages().map((m) => m.alertIds)).toEqual([[down], [later], [minor]]);
  });

  it('a window that does not cross midnight, in another zone', () => {
    const d = dispatcher({ quietHours: { start: '12:00', end: '14:00' }, timeZone: 'Asia/Tokyo' });
    const at = Date.UTC(2026, 5, 15, 3, 30, 0); // 12:30 in Tokyo
    alert(at);
    expect(d.run(at + MIN)).toMatchObject({ holding: 'quiet_hours', wakeAt: Date.UTC(2026, 5, 15, 5, 0, 0) });
    expect(messages()).toEqual([]);
  });
});

describe('hourly cap', () => {
  it('the last message before the cap says so; held alerts go out together, counted, when a slot frees', () => {
    const d = dispatcher({ maxAlertsPerHour: 3, dedupeWindowMinutes: 0 });
    let t = T0;
    for (let i = 0; i < 3; i++) {
      alert(t, { session: `s${i}` });
      d.run(t + 30 * S);
      t += 5 * MIN;
    }
    const sent = messages();
    expect(sent.map((m) => m.kind)).toEqual(['alert', 'alert', 'alert_cap']);
    expect(sent[2]!.body).toMatch(/Hourly cap \(3\) reached: further alerts held until 09:00\.$/);
    const held = [alert(t, { session: 'x1' }), alert(t + MIN, { session: 'x2' }), alert(t + 2 * MIN, { session: 'x3' })];
    expect(d.run(t + 3 * MIN)).toMatchObject({ holding: 'hourly_cap', wakeAt: T0 + 30 * S + 60 * MIN });
    expect(d.run(T0 + 60 * MIN)).toMatchObject({ holding: 'hourly_cap' });
    expect(messages()).toHaveLength(3);
    d.run(T0 + 30 * S + 60 * MIN);
    const last = messages().at(-1)!;
    // It takes the one slot that freed, which is again the last of the rolling hour: it says so too.
    expect(last).toMatchObject({ kind: 'alert_cap', alertIds: held });
    expect(last.body).toMatch(/^Architect 09:00: 3 alerts since the hourly cap was reached\n/);
    expect(last.body).toMatch(/held until 09:05\.$/);
  });
});

describe('escalation text', () => {
  it('shows session, tool and the command shortened, with secrets redacted, in at most two segments', () => {
    const d = dispatcher();
    const key = 'sk-ant-api03-' + 'Q'.repeat(20) + '7a';
    const id = alert(T0, {
      kind: 'permission_escalated',
      session: 'dev_worker1',
      message: `dev_worker1 needs a human: Bash: ANTHROPIC_API_KEY=${key} curl https://api.example.com/v1/deploy --data @payload.json (rule)`,
      details: { tool: 'Bash', command: `ANTHROPIC_API_KEY=${key} curl https://api.example.com/v1/deploy --data @payload.json && rm -rf build dist node_modules/.cache`, rule: 'ask' },
    });
    for (let i = 0; i < 12; i++) alert(T0 + S, { session: `worker_${i}`, message: `worker_${i} exited unexpectedly with status 137 (killed by the OOM killer)` });
    d.run(T0 + 40 * S);
    const [m] = messages();
    expect(m!.alertIds![0]).toBe(id);
    expect(m!.body).not.toContain(key);
    expect(m!.body).not.toContain('Q'.repeat(20));
    expect(m!.body).toContain('dev_worker1: needs you - Bash ANTHROPIC_API_KEY=REDACTED curl');
    expect(m!.body).toMatch(/\+\d+ more \(architect alerts list\)$/);
    expect(smsLength(m!.body)).toMatchObject({ encoding: 'gsm7' });
    expect(smsLength(m!.body).segments).toBeLessThanOrEqual(2);
  });
});

