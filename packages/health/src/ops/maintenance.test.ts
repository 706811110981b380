import { afterEach, describe, expect, it } from 'vitest';
import { maintenanceSchema } from '@architect/core';
import { tempDb, type TempDb } from '@architect/db/testing';
import { runMaintenance } from './maintenance';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
let db: TempDb | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

/**
 * For each table, rows just past retention (cutoff - 1 ms), exactly at the cutoff and recent, plus
 * open work past retention that must survive. Returns the ids expected to be deleted per table.
 */
function seed(d: TempDb, days: Record<string, number>): Record<string, number[]> {
  const cut = (t: string) => NOW - days[t]! * DAY;
  const ins = (sql: string, ...args: unknown[]) => Number(d.sqlite.prepare(sql).run(...args).lastInsertRowid);
  const doomed: Record<string, number[]> = {};
  const mark = (t: string, id: number) => (doomed[t] ??= []).push(id);

  for (let i = 0; i < 5; i++) mark('interactions', ins("INSERT INTO interactions (session_name, kind, created_at) VALUES ('s', 'key', ?)", cut('interactions') - 1 - i));
  ins("INSERT INTO interactions (session_name, kind, created_at) VALUES ('s', 'key', ?)", cut('interactions'));
  ins("INSERT INTO interactions (session_name, kind, created_at) VALUES ('s', 'key', ?)", NOW);
  mark('hook_events', ins("INSERT INTO hook_events (event, created_at) VALUES ('Stop', ?)", cut('hookEvents') - 1));
  ins("INSERT INTO hook_events (event, created_at) VALUES ('Stop', ?)", cut('hookEvents'));
  mark('health_checks', ins("INSERT INTO health_checks (check_name, status, created_at) VALUES ('disk', 'ok', ?)", cut('healthChecks') - 1));
  ins("INSERT INTO health_checks (check_name, status, created_at) VALUES ('disk', 'ok', ?)", cut('healthChecks'));
  mark('outages', ins("INSERT INTO outages (check_name, started_at, ended_at, duration_ms) VALUES ('a', 0, ?, 1)", cut('outages') - 1));
  ins("INSERT INTO outages (check_name, started_at) VALUES ('b', 0)"); // open: kept whatever its age

  const prompt = (status: string, at: number) =>
    ins('INSERT INTO prompts (content, status, completed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', 'p', status, status === 'pending' ? null : at, at, at);
  for (const s of ['completed', 'failed', 'cancelled']) mark('prompts', prompt(s, cut('prompts') - 1));
  prompt('completed', cut('prompts'));
  prompt('pending', 0);
  prompt('in_progress', 0);
  d.sqlite.prepare("INSERT INTO assignment_history (prompt_id, action, created_at) VALUES (?, 'completed', 0)").run(doomed.prompts![0]);

  const task = (status: string, at: number | null) =>
    ins("INSERT INTO tasks (type, payload, status, finished_at, created_at, updated_at) VALUES ('shell', '{}', ?, ?, 0, ?)", status, at, at ?? 0);
  for (const s of ['done', 'failed', 'cancelled']) mark('tasks', task(s, cut('tasks') - 1));
  task('done', cut('tasks'));
  task('pending', null);
  task('running', null);

  mark('sms_messages', ins("INSERT INTO sms_messages (kind, body, status, created_at) VALUES ('x', 'b', 'sent', ?)", cut('smsMessages') - 1));
  ins("INSERT INTO sms_messages (kind, body, status, created_at) VALUES ('x', 'b', 'pending', 0)");
  mark('alerts', ins("INSERT INTO alerts (kind, message, acknowledged_at, created_at) VALUES ('health', 'm', ?, 0)", cut('alerts') - 1));
  ins("INSERT INTO alerts (kind, message, created_at) VALUES ('health', 'never acknowledged', 0)");
  return doomed;
}

const TABLES = ['interactions', 'hook_events', 'health_checks', 'outages', 'prompts', 'tasks', 'sms_messages', 'alerts'];
const ids = (d: TempDb, t: string) => (d.sqlite.prepare(`SELECT id FROM ${t} ORDER BY id`).all() as { id: number }[]).map((r) => r.id);

describe('runMaintenance', () => {
  it('deletes exactly the rows past retention, in batches, and nothing else', async () => {
    db = tempDb();
    const m = maintenanceSchema.parse({ batchSize: 2, vacuum: 'always' });
    const doomed = seed(db, m.retentionDays);
    const before = Object.fromEntries(TABLES.map((t) => [t, ids(db!, t)]));

    const dry = await runMaintenance(db, { now: NOW, retentionDays: m.retentionDays, batchSize: 2, vacuum: 'always', dryRun: true });
    expect(Object.fromEntries(dry.tables.map((t) => [t.table, t.rows]))).toEqual(Object.fromEntries(TABLES.map((t) => [t, doomed[t]!.length])));
    expect(Object.fromEntries(TABLES.map((t) => [t, ids(db!, t)]))).toEqual(before);
    expect(dry.checkpoint).toBeNull();
    expect(dry.vacuum.ran).toBe(false);

    const real = await runMaintenance(db, { now: NOW, retentionDays: m.retentionDays, batchSize: 2, vacuum: 'always', dryRun: false, pauseMs: 0 });
    for (const t of TABLES) {
      expect(real.tables.find((x) => x.table === t)?.rows, t).toBe(doomed[t]!.length);
      expect(ids(db, t), t).toEqual(before[t]!.filter((id) => !doomed[t]!.includes(id)));
    }
    // The deleted prompt's history went with it (ON DELETE CASCADE).
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM assignment_history').get()).toEqual({ n: 0 });
    expect(real.integrity).toEqual({ ok: true, problems: [] });
    expect(real.checkpoint).not.toBeNull();
    expect(real.vacuum.ran).toBe(true);

    const again = await runMaintenance(db, { now: NOW, retentionDays: m.retentionDays, batchSize: 2, vacuum: 'never', dryRun: false, pauseMs: 0 });
    expect(again.tables.every((t) => t.rows === 0)).toBe(true);
  });
});
