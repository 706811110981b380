import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ManualClock, NotFoundError } from '@architect/core';
import { tempDb, type TempDb } from '../testing';
import { claimTask, queueState, reapExpiredTasks, renewLease } from './taskClaim';
import { enqueueTask, enqueueTasks, type NewTask } from './taskEnqueue';
import { completeTask, failTask, markTaskCancelled, releaseTask, requestCancel, retryDelayMs, type TaskResult } from './taskFinish';
import { getTask, listTasks } from './taskRead';

const LEASE = 10_000;
const backoff = { baseMs: 2000, maxMs: 10_000 };
const result: TaskResult = { exitCode: 0, signal: null, outputHead: 'ok\n', outputTail: '', outputBytes: 3, durationMs: 5 };
const shell = (command: string, extra: Partial<NewTask> = {}): NewTask => ({
  type: 'shell',
  payload: { command },
  maxAttempts: 3,
  timeoutSeconds: 60,
  ...extra,
});

let db: TempDb;
let clock: ManualClock;
beforeEach(() => {
  db = tempDb();
  clock = new ManualClock();
});
afterEach(() => db.dispose());

describe('claimTask', () => {
  it('takes the highest priority first, then the oldest, and counts the attempt', () => {
    const low = enqueueTask(db, shell('a'), clock.now());
    const high1 = enqueueTask(db, shell('b', { priority: 5 }), clock.now());
    const high2 = enqueueTask(db, shell('c', { priority: 5 }), clock.now());
    const order = [1, 2, 3].map(() => claimTask(db, 'w1', LEASE, clock.now()));
    expect(order.map((t) => t?.id)).toEqual([high1, high2, low]);
    expect(order[0]).toMatchObject({ workerId: 'w1', attempts: 1, leaseExpiresAt: clock.now() + LEASE });
    expect(getTask(db, high1)).toMatchObject({ status: 'running', workerId: 'w1', attempts: 1, startedAt: clock.now() });
    expect(claimTask(db, 'w1', LEASE, clock.now())).toBeUndefined();
  });

  it('never hands the same task to two claimers', () => {
    enqueueTasks(db, Array.from({ length: 50 }, (_, i) => shell(`t${i}`)), clock.now());
    const seen = new Set<number>();
    for (;;) {
      const t = claimTask(db, seen.size % 2 ? 'a' : 'b', LEASE, clock.now());
      if (!t) break;
      expect(seen.has(t.id)).toBe(false);
      seen.add(t.id);
    }
    expect(seen.size).toBe(50);
  });

  it('skips a task until its not_before', () => {
    const id = enqueueTask(db, shell('x', { notBefore: clock.now() + 1000 }), clock.now());
    expect(claimTask(db, 'w', LEASE, clock.now())).toBeUndefined();
    clock.advance(1000);
    expect(claimTask(db, 'w', LEASE, clock.now())?.id).toBe(id);
  });

  it('re-claims a running task once its lease expires, counting a new attempt', () => {
    const id = enqueueTask(db, shell('x'), clock.now());
    claimTask(db, 'dead', LEASE, clock.now());
    clock.advance(LEASE - 1);
    expect(claimTask(db, 'alive', LEASE, clock.now())).toBeUndefined();
    clock.advance(2);
    const again = claimTask(db, 'alive', LEASE, clock.now());
    expect(again).toMatchObject({ id, workerId: 'alive', attempts: 2 });
  });
});

describe('leases and fencing', () => {
  it('renews only for the owner of the current attempt', () => {
    enqueueTask(db, shell('x'), clock.now());
    const first = claimTask(db, 'w1', LEASE, clock.now())!;
    clock.advance(LEASE / 2);
    expect(renewLease(db, first, LEASE, clock.now()).renewed).toBe(true);
    expect(renewLease(db, { ...first, workerId: 'w2' }, LEASE, clock.now()).renewed).toBe(false);
    expect(getTask(db, first.id)?.leaseExpiresAt).toBe(clock.now() + LEASE);

    clock.advance(LEASE + 1);
    const second = claimTask(db, 'w2', LEASE, clock.now())!;
    // The first worker comes back from a stall: every write of its stale claim is refused.
    expect(renewLease(db, first, LEASE, clock.now()).renewed).toBe(false);
    expect(completeTask(db, first, result, clock.now())).toBe(false);
    expect(failTask(db, first, result, { error: 'x', backoff }, clock.now())).toBeUndefined();
    expect(releaseTask(db, first, clock.now())).toBeUndefined();
    expect(completeTask(db, second, result, clock.now())).toBe(true);
    expect(getTask(db, first.id)).toMatchObject({ status: 'done', workerId: 'w2', attempts: 2, exitCode: 0, outputHead: 'ok\n' });
  });

  it('fails an expired task that has used its last attempt instead of re-running it', () => {
    const id = enqueueTask(db, shell('x', { maxAttempts: 2 }), clock.now());
    expect(queueState(db, clock.now())).toEqual({ claimable: true, reapable: false });
    claimTask(db, 'a', LEASE, clock.now());
    expect(queueState(db, clock.now())).toEqual({ claimable: false, reapable: false });
    clock.advance(LEASE + 1);
    expect(queueState(db, clock.now())).toEqual({ claimable: true, reapable: false });
    expect(claimTask(db, 'b', LEASE, clock.now())?.attempts).toBe(2);
    clock.advance(LEASE + 1);
    expect(queueState(db, clock.now())).toEqual({ claimable: false, reapable: true });
    expect(claimTask(db, 'c', LEASE, clock.now())).toBeUndefined();
    expect(reapExpiredTasks(db, clock.now())).toEqual([{ id, status: 'failed' }]);
    expect(getTask(db, id)).toMatchObject({ status: 'failed', error: 'lease expired after last attempt', attempts: 2 });
  });

  it('reaps an expired task with a cancel request as cancelled', () => {
    const id = enqueueTask(db, shell('x'), clock.now());
    claimTask(db, 'a', LEASE, clock.now());
    expect(requestCancel(db, id, clock.now())).toBe('cancel_requested');
    clock.advance(LEASE + 1);
    expect(claimTask(db, 'b', LEASE, clock.now())).toBeUndefined();
    expect(reapExpiredTasks(db, clock.now())).toEqual([{ id, status: 'cancelled' }]);
  });
});

describe('failures, attempts and backoff', () => {
  it('backs off base * 2^(attempt-1), capped', () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(a, backoff))).toEqual([2000, 4000, 8000, 10_000, 10_000]);
  });

  it('retries after the backoff until max_attempts, then fails', () => {
    const id = enqueueTask(db, shell('false', { maxAttempts: 3 }), clock.now());
    const failed = { ...result, exitCode: 1 };

    const a1 = claimTask(db, 'w', LEASE, clock.now())!;
    expect(failTask(db, a1, failed, { error: 'exit 1', backoff }, clock.now())).toBe('pending');
    expect(getTask(db, id)).toMatchObject({ status: 'pending', workerId: null, notBefore: clock.now() + 2000, error: 'exit 1' });
    clock.advance(1999);
    expect(claimTask(db, 'w', LEASE, clock.now())).toBeUndefined();
    clock.advance(1);

    const a2 = claimTask(db, 'w', LEASE, clock.now())!;
    expect(a2.attempts).toBe(2);
    expect(failTask(db, a2, failed, { error: 'exit 1', backoff }, clock.now())).toBe('pending');
    expect(getTask(db, id)?.notBefore).toBe(clock.now() + 4000);
    clock.advance(4000);

    const a3 = claimTask(db, 'w', LEASE, clock.now())!;
    expect(failTask(db, a3, failed, { error: 'exit 1', backoff }, clock.now())).toBe('failed');
    expect(getTask(db, id)).toMatchObject({ status: 'failed', attempts: 3, exitCode: 1, finishedAt: clock.now() });
    clock.advance(60_000);
    expect(claimTask(db, 'w', LEASE, clock.now())).toBeUndefined();
  });

  it('a final failure does not retry', () => {
    const id = enqueueTask(db, shell('x'), clock.now());
    const t = claimTask(db, 'w', LEASE, clock.now())!;
    expect(failTask(db, t, result, { error: 'no cwd', final: true, backoff }, clock.now())).toBe('failed');
    expect(getTask(db, id)).toMatchObject({ status: 'failed', attempts: 1, error: 'no cwd' });
  });

  it('a graceful release puts the task back at once without counting the attempt', () => {
    const id = enqueueTask(db, shell('x'), clock.now());
    const t = claimTask(db, 'w', LEASE, clock.now())!;
    expect(releaseTask(db, t, clock.now())).toBe('pending');
    expect(getTask(db, id)).toMatchObject({ status: 'pending', attempts: 0, workerId: null, leaseExpiresAt: null });
    expect(claimTask(db, 'w2', LEASE, clock.now())).toMatchObject({ id, attempts: 1 });
  });
});

describe('requestCancel', () => {
  it('cancels a pending task at once', () => {
    const id = enqueueTask(db, shell('x'), clock.now());
    expect(requestCancel(db, id, clock.now())).toBe('cancelled');
    expect(getTask(db, id)?.status).toBe('cancelled');
    expect(claimTask(db, 'w', LEASE, clock.now())).toBeUndefined();
    expect(requestCancel(db, id, clock.now())).toBe('cancelled');
  });

  it('flags a running task for its worker, which marks it cancelled', () => {
    const id = enqueueTask(db, shell('x'), clock.now());
    const t = claimTask(db, 'w', LEASE, clock.now())!;
    expect(requestCancel(db, id, clock.now())).toBe('cancel_requested');
    expect(renewLease(db, t, LEASE, clock.now())).toEqual({ renewed: true, cancelRequested: true });
    expect(markTaskCancelled(db, t, { ...result, signal: 'SIGTERM', exitCode: null }, clock.now())).toBe(true);
    expect(getTask(db, id)).toMatchObject({ status: 'cancelled', signal: 'SIGTERM' });
  });

  it('a release after a cancel request cancels instead', () => {
    const id = enqueueTask(db, shell('x'), clock.now());
    const t = claimTask(db, 'w', LEASE, clock.now())!;
    requestCancel(db, id, clock.now());
    expect(releaseTask(db, t, clock.now())).toBe('cancelled');
  });

  it('refuses unknown and finished tasks', () => {
    expect(() => requestCancel(db, 999, clock.now())).toThrow(NotFoundError);
    const id = enqueueTask(db, shell('x'), clock.now());
    const t = claimTask(db, 'w', LEASE, clock.now())!;
    completeTask(db, t, result, clock.now());
    expect(() => requestCancel(db, id, clock.now())).toThrow(ConflictError);
  });
});

it('lists newest first, filtered by status', () => {
  const a = enqueueTask(db, shell('a'), clock.now());
  const b = enqueueTask(db, shell('b'), clock.now());
  requestCancel(db, a, clock.now());
  expect(listTasks(db).map((t) => t.id)).toEqual([b, a]);
  expect(listTasks(db, { status: 'pending' }).map((t) => t.id)).toEqual([b]);
  expect(listTasks(db, { limit: 1 }).map((t) => t.id)).toEqual([b]);
  expect(getTask(db, b)?.payload).toEqual({ command: 'b' });
});

it('the claim reads one index entry per branch (no table scan, no sort of the queue)', () => {
  const plan = db.sqlite
    .prepare(
      `EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE status = 'pending' AND not_before <= 0 ORDER BY priority DESC, id LIMIT 1`,
    )
    .all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX tasks_claim_idx/);
  expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
});
