/**
 * How an attempt ends: completed, failed (retried after a backoff or given up), cancelled by its
 * worker, or released on a graceful stop; and `tasks cancel`. Every write is a compare-and-swap on
 * the claim token (see taskClaim.ts for the lease and attempt rules).
 */
import { ConflictError, NotFoundError } from '@architect/core';
import type { Db } from '../createDb';
import type { TaskStatus } from '../schema/tasks';
import type { TaskClaim } from './taskClaim';
import { OWNED, stmt, token } from './taskSql';

/** What one run of a task produced. */
export interface TaskResult {
  exitCode: number | null;
  signal: string | null;
  outputHead: string;
  outputTail: string;
  outputBytes: number;
  durationMs: number;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

const RESULT_COLUMNS = `lease_expires_at = NULL, exit_code = @exitCode, signal = @signal, output_head = @outputHead,
  output_tail = @outputTail, output_bytes = @outputBytes, duration_ms = @durationMs, updated_at = @now`;

const COMPLETE_SQL = `UPDATE tasks SET status = 'done', error = NULL, finished_at = ?, lease_expires_at = NULL, exit_code = ?,
  signal = ?, output_head = ?, output_tail = ?, output_bytes = ?, duration_ms = ?, updated_at = ?
  WHERE id = ? AND worker_id = ? AND attempts = ? AND status = 'running'`;

/** The run succeeded. False when the claim was lost (the outcome is dropped). */
export function completeTask(db: Db, claim: TaskClaim, result: TaskResult, now: number): boolean {
  // Positional parameters: the hot path, measurably cheaper to bind than named ones.
  const r = stmt(db, COMPLETE_SQL).run(
    now,
    result.exitCode,
    result.signal,
    result.outputHead,
    result.outputTail,
    result.outputBytes,
    result.durationMs,
    now,
    claim.id,
    claim.workerId,
    claim.attempts,
  );
  return r.changes === 1;
}

/** base * 2^(attempt-1), capped: the wait before attempt `attempt + 1`. */
export function retryDelayMs(attempt: number, backoff: Backoff): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface FailOptions {
  error: string;
  /** The failure cannot be cured by retrying (e.g. the working directory does not exist). */
  final?: boolean;
  backoff: Backoff;
}

/**
 * The run failed: back to pending after a backoff while attempts remain, else failed.
 * Returns the new status, or undefined when the claim was lost.
 */
export function failTask(
  db: Db,
  claim: TaskClaim,
  result: TaskResult,
  opts: FailOptions,
  now: number,
): 'pending' | 'failed' | undefined {
  const retry = !opts.final && claim.attempts < claim.maxAttempts;
  const r = stmt(
    db,
    `UPDATE tasks SET status = @status, worker_id = CASE WHEN @status = 'pending' THEN NULL ELSE worker_id END,
       not_before = @notBefore, error = @error, finished_at = @finishedAt, ${RESULT_COLUMNS}
     WHERE ${OWNED}`,
  ).run({
    ...token(claim),
    ...result,
    status: retry ? 'pending' : 'failed',
    notBefore: retry ? now + retryDelayMs(claim.attempts, opts.backoff) : 0,
    error: opts.error,
    finishedAt: retry ? null : now,
    now,
  });
  if (r.changes !== 1) return undefined;
  return retry ? 'pending' : 'failed';
}

/** The owning worker killed the task after `tasks cancel`. */
export function markTaskCancelled(db: Db, claim: TaskClaim, result: TaskResult, now: number): boolean {
  const r = stmt(
    db,
    `UPDATE tasks SET status = 'cancelled', error = 'cancelled while running', finished_at = @now, ${RESULT_COLUMNS}
     WHERE ${OWNED}`,
  ).run({ ...token(claim), ...result, now });
  return r.changes === 1;
}

/**
 * Graceful stop: give the task back without counting the attempt (or cancel it, if a cancel
 * arrived meanwhile). Returns the new status, or undefined when the claim was lost.
 */
export function releaseTask(db: Db, claim: TaskClaim, now: number): 'pending' | 'cancelled' | undefined {
  const row = stmt(
    db,
    `UPDATE tasks SET
       status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'pending' END,
       attempts = CASE WHEN cancel_requested = 1 THEN attempts ELSE attempts - 1 END,
       worker_id = CASE WHEN cancel_requested = 1 THEN worker_id ELSE NULL END,
       error = CASE WHEN cancel_requested = 1 THEN 'cancelled while running' ELSE error END,
       finished_at = CASE WHEN cancel_requested = 1 THEN @now ELSE NULL END,
       lease_expires_at = NULL, not_before = @now, updated_at = @now
     WHERE ${OWNED} RETURNING status`,
  ).get({ ...token(claim), now }) as { status: 'pending' | 'cancelled' } | undefined;
  return row?.status;
}

export type CancelOutcome = 'cancelled' | 'cancel_requested';

/**
 * `tasks cancel`: a pending task (or a running one whose worker is gone) is cancelled at once; a
 * running one is flagged, and its worker kills the process group and marks it cancelled.
 */
export function requestCancel(db: Db, id: number, now: number): CancelOutcome {
  return db.sqlite
    .transaction((): CancelOutcome => {
      const row = stmt(db, 'SELECT status, lease_expires_at FROM tasks WHERE id = ?').get(id) as
        | { status: TaskStatus; lease_expires_at: number | null }
        | undefined;
      if (!row) throw new NotFoundError('task', id);
      const leaseGone = row.status === 'running' && (row.lease_expires_at ?? 0) < now;
      if (row.status === 'pending' || leaseGone) {
        stmt(
          db,
          `UPDATE tasks SET status = 'cancelled', error = 'cancelled before it ran', lease_expires_at = NULL,
             finished_at = @now, updated_at = @now WHERE id = @id AND status = @status`,
        ).run({ id, status: row.status, now });
        return 'cancelled';
      }
      if (row.status === 'running') {
        stmt(db, `UPDATE tasks SET cancel_requested = 1, updated_at = @now WHERE id = @id AND status = 'running'`).run({ id, now });
        return 'cancel_requested';
      }
      if (row.status === 'cancelled') return 'cancelled';
      throw new ConflictError(`task ${id} is already ${row.status}`, { id, status: row.status });
    })
    .immediate();
}
