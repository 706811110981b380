/** Reading tasks for `tasks list | show` and the dashboard. */
import type { Db } from '../createDb';
import type { TaskPayload, TaskStatus, TaskType } from '../schema/tasks';
import { stmt, type RawTask } from './taskSql';

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
