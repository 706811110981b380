import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, taskWorkerSchema } from '@architect/core';
import { claimTask, createDb, enqueueTask, getTask, requestCancel, type Db, type NewTask } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { waitFor } from '../../../test/support/waitFor';
import { TaskWorker, type TaskWorkerConfig } from './taskWorker';

let db: TempDb;
/** A second connection, as the CLI or another worker would have. */
let other: Db;
let worker: TaskWorker | undefined;

beforeEach(() => {
  db = tempDb();
  other = createDb({ path: db.path });
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  other.close();
  db.dispose();
});

const start = (config: Partial<TaskWorkerConfig> = {}) => {
  worker = new TaskWorker({
    db,
    log: silentLogger(),
    workerId: 'task-worker:0@test:1',
    config: taskWorkerSchema.parse({ leaseMs: 3000, pollMs: 60_000, backoffBaseMs: 0, killGraceMs: 300, ...config }),
    env: { PATH: process.env.PATH },
    defaultCwd: db.dir,
  });
  worker.start();
  return worker;
};
const add = (command: string, extra: Partial<NewTask> = {}) =>
  enqueueTask(other, { type: 'shell', payload: { command, cwd: db.dir }, maxAttempts: 3, timeoutSeconds: 60, ...extra }, Date.now());
const statusOf = (id: number) => getTask(other, id)?.status;
const marker = () => `${1000 + Math.floor(Math.random() * 1000)}.${process.pid}${Date.now() % 100_000}`;
const alive = (m: string) => spawnSync('pgrep', ['-f', `sleep ${m}`], { encoding: 'utf8' }).stdout.trim();

describe('TaskWorker', () => {
  it('wakes on another process commit (no poll) and runs tasks in priority order', async () => {
    start(); // pollMs 60 s: only the database watcher can wake it
    await new Promise((r) => setTimeout(r, 50));
    const low = add('echo low');
    const high = add('echo high', { priority: 9 });
    await waitFor('both done', () => statusOf(low) === 'done' && statusOf(high) === 'done', { timeoutMs: 3000 });
    const [l, h] = [getTask(other, low)!, getTask(other, high)!];
    expect(h.outputHead).toBe('high\n');
    expect(h.startedAt!).toBeLessThanOrEqual(l.startedAt!);
    expect(l).toMatchObject({ exitCode: 0, attempts: 1, workerId: 'task-worker:0@test:1', leaseExpiresAt: null });
    expect(worker!.stats.done).toBe(2);
  });

  it('retries a failing task until max_attempts, then fails it', async () => {
    const id = add('echo oops; exit 4', { maxAttempts: 2 });
    start();
    await waitFor('failed', () => statusOf(id) === 'failed', { timeoutMs: 5000 });
    expect(getTask(other, id)).toMatchObject({ attempts: 2, exitCode: 4, error: 'exited with code 4', outputHead: 'oops\n' });
  });

  it('fails a task whose cwd is missing at once, without retrying', async () => {
    const missing = `${db.dir}/missing`;
    const id = enqueueTask(other, { type: 'shell', payload: { command: 'true', cwd: missing }, maxAttempts: 3, timeoutSeconds: 5 }, Date.now());
    start();
    await waitFor('failed', () => statusOf(id) === 'failed', { timeoutMs: 5000 });
    expect(getTask(other, id)).toMatchObject({ attempts: 1, error: `working directory does not exist: ${missing}` });
  });

  it('cancel kills a running task and its group within moments', async () => {
    const m = marker();
    const id = add(`sleep ${m} & sleep ${m}`);
    start();
    await waitFor('running', () => alive(m) !== '' && statusOf(id) === 'running');
    const asked = Date.now();
    expect(requestCancel(other, id, Date.now())).toBe('cancel_requested');
    await waitFor('cancelled', () => statusOf(id) === 'cancelled', { timeoutMs: 3000 });
    expect(Date.now() - asked).toBeLessThan(1500);
    expect(alive(m)).toBe('');
  });

  it('a graceful stop lets a short task finish', async () => {
    const id = add('sleep 0.3; echo finished');
    start({ stopGraceMs: 3000 });
    await waitFor('running', () => statusOf(id) === 'running');
    await worker!.stop();
    expect(getTask(other, id)).toMatchObject({ status: 'done', outputHead: 'finished\n' });
  });

  it('a graceful stop kills a long task and releases it without counting the attempt', async () => {
    const m = marker();
    const id = add(`sleep ${m} & sleep ${m}`);
    start({ stopGraceMs: 200 });
    await waitFor('running', () => alive(m) !== '' && statusOf(id) === 'running');
    const stopping = Date.now();
    await worker!.stop();
    expect(Date.now() - stopping).toBeLessThan(2000);
    expect(getTask(other, id)).toMatchObject({ status: 'pending', attempts: 0, workerId: null });
    expect(alive(m)).toBe('');
  });

  it('releases a task killed by the shutdown signal itself (PM2 signals the whole tree)', async () => {
    const m = marker();
    const id = add(`sleep ${m}`);
    start({ stopGraceMs: 3000 });
    await waitFor('running', () => alive(m) !== '' && statusOf(id) === 'running');
    const stopping = worker!.stop();
    for (const pid of alive(m).split('\n')) process.kill(Number(pid), 'SIGINT');
    await stopping;
    expect(getTask(other, id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('kills the run and drops its outcome when another worker re-claimed the task', async () => {
    const m = marker();
    const id = add(`sleep ${m}`);
    start({ leaseMs: 1000 });
    await waitFor('running', () => alive(m) !== '' && statusOf(id) === 'running');
    // Another worker that believes the lease expired (its clock is ahead) takes the task.
    expect(claimTask(other, 'thief', 60_000, Date.now() + 5000)?.id).toBe(id);
    await waitFor('run killed', () => alive(m) === '' && worker!.stats.lost === 1, { timeoutMs: 3000 });
    expect(getTask(other, id)).toMatchObject({ status: 'running', workerId: 'thief', attempts: 2 });
  });
});
