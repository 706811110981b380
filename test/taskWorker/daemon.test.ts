import { spawnSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { getTask, listWorkers } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { architect } from '../support/cli';
import { waitFor } from '../support/waitFor';
import { WorkerProcess, workerHome } from './workerProcess';

let db: TempDb | undefined;
afterEach(() => db?.dispose());

const marker = () => `${1000 + Math.floor(Math.random() * 1000)}.${process.pid}${Date.now() % 100_000}`;
const alive = (m: string) => spawnSync('pgrep', ['-f', `sleep ${m}`], { encoding: 'utf8' }).stdout.trim();
const addTask = (env: Record<string, string>, command: string) => {
  const r = architect(['tasks', 'add', '--command', command, '--cwd', db!.dir, '--json'], env);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { task_id: number }).task_id;
};

it('wakes on `tasks add` at once, and a graceful stop releases the running task inside the deadline', async () => {
  db = tempDb();
  // A one-minute poll: only the wake-up on the CLI's commit can start the task promptly. The
  // default graces (4 s to finish, 2 s between SIGTERM and SIGKILL) are what must fit the deadline.
  const env = workerHome(db.dir, db.path, { pollMs: 60_000 });
  const worker = new WorkerProcess(env);
  try {
    await waitFor('worker registered', () => listWorkers(db!, Date.now()).some((w) => w.pid === worker.pid && w.status === 'running'));

    const quick = addTask(env, 'echo quick');
    const queuedAt = Date.now();
    await waitFor('quick task done', () => getTask(db!, quick)?.status === 'done', { timeoutMs: 5000, intervalMs: 10 });
    expect(Date.now() - queuedAt).toBeLessThan(1000);

    const m = marker();
    // The worst case: a task that ignores SIGTERM.
    const slow = addTask(env, `trap '' TERM; sleep ${m} & sleep ${m}`);
    await waitFor('slow task running', () => getTask(db!, slow)?.status === 'running' && alive(m) !== '');
    const stopAt = Date.now();
    const exit = await worker.kill('SIGINT');
    const took = Date.now() - stopAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(8000); // PM2 kill_timeout is 10 s
    expect(getTask(db, slow)).toMatchObject({ status: 'pending', attempts: 0, workerId: null });
    expect(alive(m)).toBe('');
    expect(listWorkers(db, Date.now()).find((w) => w.pid === worker.pid)?.status).toBe('stopped');
  } finally {
    await worker.kill('SIGKILL');
  }
});

it('--once runs one task and exits', async () => {
  db = tempDb();
  const env = workerHome(db.dir, db.path, {});
  const first = addTask(env, 'echo one');
  const second = addTask(env, 'echo two');
  const once = new WorkerProcess(env, ['--once']);
  expect(await once.exited).toEqual({ code: 0, signal: null });
  expect(getTask(db, first)).toMatchObject({ status: 'done', outputHead: 'one\n' });
  expect(getTask(db, second)?.status).toBe('pending');
});

it('refuses to start on a database that is not migrated', async () => {
  db = tempDb();
  const env = workerHome(db.dir, `${db.dir}/fresh.db`, {});
  const w = new WorkerProcess({ ...env, LOG_LEVEL: 'info' });
  expect((await w.exited).code).toBe(1);
  expect(w.stdout).toMatch(/not migrated/);
});
