import { desc, sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';

export const taskTypes = ['shell', 'python', 'git', 'deploy', 'test', 'build'] as const;
export type TaskType = (typeof taskTypes)[number];
export const taskStatuses = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export interface TaskPayload {
  /** Shell command (shell, git, deploy, test, build) run with /bin/sh -c, or Python code (python). */
  command?: string;
  /** A script file to run instead of `command`. */
  script?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
}

/** The background task queue. */
export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type', { enum: taskTypes }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<TaskPayload>().notNull(),
    priority: integer('priority').notNull().default(0),
    status: text('status', { enum: taskStatuses }).notNull().default('pending'),
    workerId: text('worker_id'),
    leaseExpiresAt: integer('lease_expires_at'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    timeoutSeconds: integer('timeout_seconds').notNull().default(1800),
    // Not claimable before this time (backoff between attempts).
    notBefore: integer('not_before').notNull().default(0),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull().default(false),
    exitCode: integer('exit_code'),
    signal: text('signal'),
    outputHead: text('output_head'),
    outputTail: text('output_tail'),
    outputBytes: integer('output_bytes'),
    error: text('error'),
    durationMs: integer('duration_ms'),
    createdAt: createdAt(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    // priority DESC, id ASC in index order: the claim's ORDER BY ... LIMIT 1 reads one index entry
    // instead of sorting every pending task of the top priority.
    index('tasks_claim_idx').on(t.status, desc(t.priority), t.id),
    index('tasks_lease_idx').on(t.status, t.leaseExpiresAt),
    check('tasks_status_check', sql`${t.status} IN ('pending','running','done','failed','cancelled')`),
    check('tasks_type_check', sql`${t.type} IN ('shell','python','git','deploy','test','build')`),
  ],
);

/** Every daemon process: the single answer to "which workers are running". */
export const workers = sqliteTable(
  'workers',
  {
    // `${name}:${instance}@${host}` — stable across restarts of the same PM2 slot.
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    instance: integer('instance').notNull().default(0),
    pid: integer('pid').notNull(),
    host: text('host').notNull(),
    version: text('version').notNull(),
    status: text('status', { enum: ['running', 'stopped'] }).notNull().default('running'),
    startedAt: integer('started_at').notNull(),
    heartbeatAt: integer('heartbeat_at').notNull(),
    heartbeatMs: integer('heartbeat_ms').notNull().default(5000),
    stoppedAt: integer('stopped_at'),
    restarts: integer('restarts').notNull().default(0),
    info: text('info', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('workers_name_idx').on(t.name)],
);
