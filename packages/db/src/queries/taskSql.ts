/**
 * What the task queue's query modules share (taskEnqueue, taskClaim, taskFinish, taskRead): the
 * per-connection statement cache, the raw row and the claim-token predicate. Internal: not
 * re-exported from the package. The lease and attempt rules are described in taskClaim.ts.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../createDb';
import type { TaskStatus, TaskType } from '../schema/tasks';
import type { TaskClaim } from './taskClaim';

export interface RawTask {
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

// Statements are compiled once per connection and reused.
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
export function stmt(db: Db, sql: string): Database.Statement {
  let byConn = cache.get(db.sqlite);
  if (!byConn) cache.set(db.sqlite, (byConn = new Map()));
  let s = byConn.get(sql);
  if (!s) byConn.set(sql, (s = db.sqlite.prepare(sql)));
  return s;
}

export const OWNED = `id = @id AND worker_id = @workerId AND attempts = @attempts AND status = 'running'`;

export function token(claim: TaskClaim) {
  return { id: claim.id, workerId: claim.workerId, attempts: claim.attempts };
}
