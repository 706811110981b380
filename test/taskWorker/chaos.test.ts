import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createDb, enqueueTasks, listTasks } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { waitFor } from '../support/waitFor';
import { WorkerProcess, workerHome } from './workerProcess';

let db: TempDb | undefined;
afterEach(() => db?.dispose());

const TASKS = 300;
const WORKERS = 3;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILL task workers at random while they drain 300 tasks that each append their id to a file.
 * A kill can make one task run twice (its orphaned process finishes the attempt, the re-claim
 * runs it again), never more: extra runs ≤ kills. Nothing is lost or stuck.
 */
it('survives random SIGKILLs: nothing lost or stuck, extra runs ≤ kills, integrity ok', async () => {
  db = tempDb();
  const out = path.join(db.dir, 'runs.log');
  const env = workerHome(db.dir, db.path, {
    leaseMs: 2000,
    pollMs: 200,
    heartbeatMs: 1000,
    backoffBaseMs: 100,
    killGraceMs: 500,
    stopGraceMs: 1000,
  });
  enqueueTasks(
    db,
    Array.from({ length: TASKS }, () => ({
      type: 'shell' as const,
      payload: { command: `echo "$ARCHITECT_TASK_ID" >> ${out}; sleep 0.05`, cwd: db!.dir },
      maxAttempts: 5,
      timeoutSeconds: 30,
    })),
    Date.now(),
  );

  const workers = Array.from({ length: WORKERS }, (_, i) => new WorkerProcess({ ...env, NODE_APP_INSTANCE: String(i) }));
  const check = createDb({ path: db.path });
  let kills = 0;
  const deadline = Date.now() + 40_000;
  try {
    const remaining = () => listTasks(check, { limit: TASKS }).filter((t) => t.status === 'pending' || t.status === 'running').length;
    // Kill while at least a third of the work remains, so most kills land on a busy worker.
    while (Date.now() < deadline && kills < 15 && remaining() > TASKS / 3) {
      await pause(250 + Math.random() * 400);
      const i = Math.floor(Math.random() * WORKERS);
      await workers[i]!.kill('SIGKILL');
      kills++;
      expect(check.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      await pause(Math.random() * 200);
      workers[i] = new WorkerProcess({ ...env, NODE_APP_INSTANCE: String(i) });
    }
    await waitFor('every task finished', () => remaining() === 0, { timeoutMs: Math.max(5000, deadline - Date.now()), intervalMs: 200 });
  } finally {
    const codes = await Promise.all(workers.map((w) => w.kill('SIGINT')));
    check.close();
    expect(codes.map((c) => c.code)).toEqual(workers.map(() => 0));
  }

  const tasks = listTasks(db, { limit: TASKS });
  expect(tasks.filter((t) => t.status !== 'done' && t.status !== 'failed')).toEqual([]);
  await pause(200); // an orphan of the last kill may still be appending
  const runs = fs.readFileSync(out, 'utf8').trim().split('\n').map(Number);
  const distinct = new Set(runs);
  const runsOf = new Map<number, number>();
  for (const id of runs) runsOf.set(id, (runsOf.get(id) ?? 0) + 1);
  for (const t of tasks) {
    expect(distinct.has(t.id), `task ${t.id} never ran`).toBe(true);
    // Every run was a claimed attempt: an orphan finishes the killed attempt, never adds one.
    expect(runsOf.get(t.id)!, `task ${t.id} ran more often than it was claimed`).toBeLessThanOrEqual(t.attempts);
  }
  const extra = runs.length - distinct.size;
  console.log(`chaos: ${kills} kills, ${runs.length} runs of ${TASKS} tasks, ${extra} extra, ${tasks.filter((t) => t.attempts > 1).length} re-claimed`);
  expect(kills).toBeGreaterThanOrEqual(5);
  expect(extra).toBeLessThanOrEqual(kills);
  expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
}, 90_000);
