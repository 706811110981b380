import { afterEach, describe, expect, it } from 'vitest';
import { listHealthState, listOutages } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { overallStatus } from './overall';
import { recordCycle } from './recordCycle';
import type { CheckBatch } from './sample';

const policy = { failuresToDown: 3, successesToUp: 2 };
let db: TempDb | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

const disk = (pct: number): CheckBatch => ({
  samples: [{ name: 'disk', status: pct < 5 ? 'fail' : pct < 10 ? 'warn' : 'ok', message: `disk ${pct}% free`, value: pct, critical: true }],
});
const worker = (silentS: number | null): CheckBatch => ({
  samples: silentS === null ? [] : [{ name: 'worker:task-worker:1', status: silentS > 10 ? 'fail' : 'ok', message: silentS > 10 ? `task-worker:1 silent for ${silentS} s` : 'task-worker:1 alive' }],
  family: 'worker:',
});
const count = (d: TempDb, sql: string) => (d.sqlite.prepare(sql).get() as { n: number }).n;
const alive = { running: true, lastCycleAt: 0 };

describe('recordCycle', () => {
  it('records transitions only, opens one outage on down and closes it with its duration on up', () => {
    db = tempDb();
    const t0 = 1_000_000;
    for (let i = 0; i < 6; i++) recordCycle(db, [disk(50), worker(i < 1 ? 1 : 20 + i)], policy, t0 + i * 1000);
    // worker fails from i=1: down at i=3.
    expect(listHealthState(db).find((r) => r.checkName === 'worker:task-worker:1')).toMatchObject({ state: 'down', failStreak: 5 });
    const open = listOutages(db, { openOnly: true });
    expect(open).toEqual([expect.objectContaining({ checkName: 'worker:task-worker:1', startedAt: t0 + 3000, endedAt: null, reason: 'task-worker:1 silent for 23 s' })]);
    // first samples of both checks + the down transition; not one row per sample.
    expect(count(db, 'SELECT count(*) AS n FROM health_checks')).toBe(3);
    expect(db.sqlite.prepare("SELECT kind, message FROM alerts").all()).toEqual([{ kind: 'health', message: 'DOWN worker:task-worker:1: task-worker:1 silent for 23 s' }]);

    const overall = overallStatus(listHealthState(db), alive, t0 + 5000);
    expect(overall.status).toBe('DEGRADED');
    expect(overall.reasons).toEqual(['task-worker:1 silent for 25 s (down 2 s)']);

    recordCycle(db, [disk(50), worker(1)], policy, t0 + 6000);
    expect(listOutages(db, { openOnly: true })).toHaveLength(1);
    const { changes } = recordCycle(db, [disk(50), worker(1)], policy, t0 + 7000);
    expect(changes).toEqual([expect.objectContaining({ check: 'worker:task-worker:1', transition: 'up', durationMs: 4000 })]);
    expect(listOutages(db)).toEqual([expect.objectContaining({ startedAt: t0 + 3000, endedAt: t0 + 7000, durationMs: 4000 })]);
    expect(count(db, "SELECT count(*) AS n FROM alerts WHERE kind = 'health'")).toBe(2);
    expect(overallStatus(listHealthState(db), alive, t0 + 7000)).toEqual({ status: 'HEALTHY', reasons: [] });
  });

  it('a restarted daemon carries on from the stored streaks and never opens a second outage', () => {
    db = tempDb();
    // Two failures, then "SIGKILL": nothing in memory survives, the next process starts from the rows.
    recordCycle(db, [worker(30)], policy, 1000);
    recordCycle(db, [worker(31)], policy, 2000);
    recordCycle(db, [worker(32)], policy, 3000);
    expect(listOutages(db, { openOnly: true })).toHaveLength(1);
    // The outage row exists; even a forced second open is refused by the unique open-outage index.
    expect(() => db!.sqlite.prepare("INSERT INTO outages (check_name, started_at) VALUES ('worker:task-worker:1', 4000)").run()).toThrow(/UNIQUE/);
    for (let t = 4000; t < 10_000; t += 1000) recordCycle(db, [worker(40)], policy, t);
    expect(listOutages(db)).toHaveLength(1);
  });

  it('a critical check down makes the suite DOWN; a warning makes it DEGRADED', () => {
    db = tempDb();
    recordCycle(db, [disk(8)], policy, 1000);
    expect(overallStatus(listHealthState(db), alive, 1000)).toEqual({ status: 'DEGRADED', reasons: ['disk 8% free'] });
    for (let t = 2000; t <= 4000; t += 1000) recordCycle(db, [disk(4)], policy, t);
    const o = overallStatus(listHealthState(db), alive, 4000);
    expect(o.status).toBe('DOWN');
    expect(o.reasons).toEqual(['disk 4% free (down 0 s)']);
  });

  it('says when the health daemon is not running', () => {
    db = tempDb();
    recordCycle(db, [disk(50)], policy, 1000);
    expect(overallStatus(listHealthState(db), { running: false, lastCycleAt: 1000 }, 301_000)).toEqual({
      status: 'DEGRADED',
      reasons: ['health daemon not running (last check 5 min ago)'],
    });
  });

  it('retires a check its family no longer lists, closing its outage', () => {
    db = tempDb();
    for (let t = 1000; t <= 3000; t += 1000) recordCycle(db, [worker(30)], policy, t);
    const { changes } = recordCycle(db, [worker(null)], policy, 5000);
    expect(changes).toEqual([expect.objectContaining({ check: 'worker:task-worker:1', transition: 'retired', durationMs: 2000 })]);
    expect(listHealthState(db)).toEqual([]);
    expect(listOutages(db, { openOnly: true })).toEqual([]);
  });
});
