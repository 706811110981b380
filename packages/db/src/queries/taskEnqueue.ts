/** Adding tasks to the queue (SPEC §6). */
import type { Db } from '../createDb';
import type { TaskPayload, TaskType } from '../schema/tasks';
import { stmt } from './taskSql';

export interface NewTask {
  type: TaskType;
  payload: TaskPayload;
  priority?: number;
  maxAttempts: number;
  timeoutSeconds: number;
  notBefore?: number;
}

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
