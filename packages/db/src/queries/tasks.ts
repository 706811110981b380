import type Database from 'better-sqlite3';
import { ConflictError, NotFoundError } from '@architect/core';
import type { Db } from '../createDb';
import type { TaskPayload, TaskStatus, TaskType } from '../schema/tasks';

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
 * The claim and complete statements are prepared once per connection: they are the hot path,
 * benchmarked against a raw SQLite compare-and-swap loop.
 */

export interface Task {
  id: number;
  type: TaskType;
  payload: TaskPayload;
  priority: number;
  status: TaskStatus;
  workerId: string | null;
  leaseExpiresAt: number | null;
  attempts: number;
  maxAttempts: number;
  timeoutSeconds: number;
  notBefore: number;
  cancelRequested: boolean;
  exitCode: number | null;
  signal: string | null;
  outputHead: string | null;
  outputTail: string | null;
  outputBytes: number | null;
  error: string | null;
  durationMs: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
}

/** What identifies one attempt of a claimed task: the fencing token of every later write. */
export interface TaskClaim {
  id: number;
  workerId: string | null;
  attempts: number;
  maxAttempts: number;
}

export interface NewTask {
  type: TaskType;
  payload: TaskPayload;
  priority?: number;
  maxAttempts: number;
  timeoutSeconds: number;
  notBefore?: number;
}

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

interface RawTask {
  id: number;
  type: TaskType;
  payload: string;
  priority: number;
  status: TaskStatus;
  worker_id: string | null;
  lease_expires_at: number | null;
  attempts: number;
  max_attempts: number;
  timeout_seconds: number;
  not_before: number;
  cancel_requested: number;
  exit_code: number | null;
  signal: string | null;
  output_head: string | null;
  output_tail: string | null;
  output_bytes: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

function toTask(r: RawTask): Task {
  return {
    id: r.id,
    type: r.type,
    payload: JSON.parse(r.payload) as TaskPayload,
    priority: r.priority,
    status: r.status,
    workerId: r.worker_id,
    leaseExpiresAt: r.lease_expires_at,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    timeoutSeconds: r.timeout_seconds,
    notBefore: r.not_before,
    cancelRequested: r.cancel_requested === 1,
    exitCode: r.exit_code,
    signal: r.signal,
    outputHead: r.output_head,
    outputTail: r.output_tail,
    outputBytes: r.output_bytes,
    error: r.error,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    updatedAt: r.updated_at,
  };
}

// Statements are compiled once per connection and reused.
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Db, sql: string): Database.Statement {
  let byConn = cache.get(db.sqlite);
  if (!byConn) cache.set(db.sqlite, (byConn = new Map()));
  let s = byConn.get(sql);
  if (!s) byConn.set(sql, (s = db.sqlite.prepare(sql)));
  return s;
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

const OWNED = `id = @id AND worker_id = @workerId AND attempts = @attempts AND status = 'running'`;

export function enqueueTask(db: Db, task: NewTask, now: number): number {
  const r = stmt(
    db,
    `INSERT INTO tasks (type, payload, priority, max_attempts, timeout_seconds, not_before, created_at, updated_at)
     VALUES (@type, @payload, @priority, @maxAttempts, @timeoutSeconds, @notBefore, @now, @now)`,
  ).run({
    type: task.type,
    payload: JSON.stringify(task.payload),
    priority: task.priority ?? 0,
    maxAttempts: task.maxAttempts,
    timeoutSeconds: task.timeoutSeconds,
    notBefore: task.notBefore ?? 0,
    now,
  });
  return Number(r.lastInsertRowid);
}

/** Many tasks in one transaction (one commit, one wake-up for the workers). */
export function enqueueTasks(db: Db, tasks: NewTask[], now: number): number[] {
  return db.sqlite.transaction(() => tasks.map((t) => enqueueTask(db, t, now))).immediate();
}

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

export function getTask(db: Db, id: number): Task | undefined {
  const row = stmt(db, 'SELECT * FROM tasks WHERE id = ?').get(id) as RawTask | undefined;
  return row ? toTask(row) : undefined;
}

/** Newest first. */
export function listTasks(db: Db, opts: { status?: TaskStatus; limit?: number } = {}): Task[] {
  const limit = opts.limit ?? 50;
  const rows = (
    opts.status
      ? stmt(db, 'SELECT * FROM tasks WHERE status = ? ORDER BY id DESC LIMIT ?').all(opts.status, limit)
      : stmt(db, 'SELECT * FROM tasks ORDER BY id DESC LIMIT ?').all(limit)
  ) as RawTask[];
  return rows.map(toTask);
}

function token(claim: TaskClaim) {
  return { id: claim.id, workerId: claim.workerId, attempts: claim.attempts };
}
