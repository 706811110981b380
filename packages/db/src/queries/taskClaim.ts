/**
 * The background task queue (SPEC §6). Every state change is a compare-and-swap on the row's
 * claim token (id, worker_id, attempts, status 'running'), so a worker that lost its lease can
 * never overwrite the outcome of the worker that re-claimed the task.
 *
 * Lease and attempt rules:
 * - An attempt is counted when the task is claimed (attempts + 1).
 * - A running task whose lease has expired is re-claimable (its worker died or hung) while
 *   attempts < max_attempts and no cancel was requested; the re-claim counts a new attempt and
 *   has no backoff (the task did not fail, its worker vanished).
 * - An expired task that already used its last attempt is never re-run: `reapExpiredTasks`
 *   marks it failed ('lease expired after last attempt'); one with a pending cancel request is
 *   marked cancelled. So a task runs at most max_attempts times, plus once more for each worker
 *   killed while running it (its orphaned process may still finish the killed attempt).
 * - A failed attempt goes back to pending with not_before = now + min(max, base * 2^(attempts-1))
 *   while attempts < max_attempts, else the task fails.
 * - A graceful stop releases the task (`releaseTask`): back to pending at once with the attempt
 *   un-counted, since the interruption was ours, not the task's.
 *
 * This module: claiming, lease renewal, reaping, and `queueState` (kept beside them because it must
 * test exactly the claim and reap predicates). Ending an attempt: taskFinish.ts.
 *
 * The claim and complete statements are prepared once per connection: they are the hot path,
 * benchmarked against a raw SQLite compare-and-swap loop.
 */

import type { Db } from '../createDb';
import type { TaskPayload, TaskType } from '../schema/tasks';
import { OWNED, stmt, token, type RawTask } from './taskSql';

/** What identifies one attempt of a claimed task: the fencing token of every later write. */
export interface TaskClaim {
  id: number;
  workerId: string | null;
  attempts: number;
  maxAttempts: number;
}

const PENDING_READY = `status = 'pending' AND not_before <= @now`;
const LEASE_EXPIRED = `status = 'running' AND lease_expires_at < @now AND attempts < max_attempts AND cancel_requested = 0`;
// Each branch reads one entry of its own index (tasks_claim_idx, tasks_lease_idx); a single
// WHERE with OR would scan the table and sort it.
const CLAIM_SQL = `
  UPDATE tasks
  SET status = 'running', worker_id = @workerId, lease_expires_at = @leaseUntil,
      attempts = attempts + 1, started_at = @now, updated_at = @now
  WHERE id = (
    SELECT id FROM (
      SELECT * FROM (SELECT id, priority FROM tasks WHERE ${PENDING_READY} ORDER BY priority DESC, id LIMIT 1)
      UNION ALL
      SELECT * FROM (SELECT id, priority FROM tasks WHERE ${LEASE_EXPIRED} ORDER BY priority DESC, id LIMIT 1)
    ) ORDER BY priority DESC, id LIMIT 1
  )
  AND ((${PENDING_READY}) OR (${LEASE_EXPIRED}))
  RETURNING id, type, payload, priority, worker_id, lease_expires_at, attempts, max_attempts, timeout_seconds`;

/** What a worker needs to run a claimed task (not the previous attempt's output: it can be large). */
export interface ClaimedTask extends TaskClaim {
  workerId: string;
  type: TaskType;
  payload: TaskPayload;
  priority: number;
  leaseExpiresAt: number;
  timeoutSeconds: number;
}

/** Atomically take the next task (highest priority, then oldest), or undefined when none is ready. */
export function claimTask(db: Db, workerId: string, leaseMs: number, now: number): ClaimedTask | undefined {
  const r = stmt(db, CLAIM_SQL).get({ workerId, leaseUntil: now + leaseMs, now }) as RawTask | undefined;
  if (!r) return undefined;
  return {
    id: r.id,
    type: r.type,
    payload: JSON.parse(r.payload) as TaskPayload,
    priority: r.priority,
    workerId,
    leaseExpiresAt: r.lease_expires_at!,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    timeoutSeconds: r.timeout_seconds,
  };
}

/**
 * A read-only look at whether claiming or reaping would find anything. Every commit anywhere wakes
 * the workers; checking first keeps an idle wake from taking the database's write lock.
 */
export function queueState(db: Db, now: number): { claimable: boolean; reapable: boolean } {
  const row = stmt(
    db,
    `SELECT
       EXISTS (SELECT 1 FROM tasks WHERE ${PENDING_READY}) OR EXISTS (SELECT 1 FROM tasks WHERE ${LEASE_EXPIRED}) AS claimable,
       EXISTS (SELECT 1 FROM tasks WHERE status = 'running' AND lease_expires_at < @now
               AND (attempts >= max_attempts OR cancel_requested = 1)) AS reapable`,
  ).get({ now }) as { claimable: number; reapable: number };
  return { claimable: row.claimable === 1, reapable: row.reapable === 1 };
}

export interface LeaseRenewal {
  /** False: the task is no longer ours (re-claimed after expiry, or finished by someone else). */
  renewed: boolean;
  cancelRequested: boolean;
}

export function renewLease(db: Db, claim: TaskClaim, leaseMs: number, now: number): LeaseRenewal {
  const row = stmt(
    db,
    `UPDATE tasks SET lease_expires_at = @leaseUntil, updated_at = @now WHERE ${OWNED} RETURNING cancel_requested`,
  ).get({ ...token(claim), leaseUntil: now + leaseMs, now }) as { cancel_requested: number } | undefined;
  return { renewed: row !== undefined, cancelRequested: row?.cancel_requested === 1 };
}

/** A read, so the owner can react to `tasks cancel` between renewals. */
export function isCancelRequested(db: Db, id: number): boolean {
  const row = stmt(db, 'SELECT cancel_requested FROM tasks WHERE id = ?').get(id) as { cancel_requested: number } | undefined;
  return row?.cancel_requested === 1;
}

/**
 * Settle expired tasks that must not be re-claimed: out of attempts → failed, cancel requested →
 * cancelled. Cheap (tasks_lease_idx); workers call it before claiming.
 */
export function reapExpiredTasks(db: Db, now: number): { id: number; status: 'failed' | 'cancelled' }[] {
  return stmt(
    db,
    `UPDATE tasks SET
       status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'failed' END,
       error = CASE WHEN cancel_requested = 1 THEN 'cancelled (its worker is gone)' ELSE 'lease expired after last attempt' END,
       lease_expires_at = NULL, finished_at = @now, updated_at = @now
     WHERE status = 'running' AND lease_expires_at < @now AND (attempts >= max_attempts OR cancel_requested = 1)
     RETURNING id, status`,
  ).all({ now }) as { id: number; status: 'failed' | 'cancelled' }[];
}
