import { desc, sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';

export const promptStatuses = ['pending', 'assigned', 'in_progress', 'completed', 'failed', 'cancelled'] as const;
export type PromptStatus = (typeof promptStatuses)[number];

export const prompts = sqliteTable(
  'prompts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    content: text('content').notNull(),
    // api | cli | session:<name> | orchestrator | dashboard
    source: text('source').notNull().default('cli'),
    priority: integer('priority').notNull().default(0),
    status: text('status', { enum: promptStatuses }).notNull().default('pending'),
    targetSession: text('target_session'),
    targetProvider: text('target_provider'),
    requiredSpecialty: text('required_specialty'),
    lockPaths: text('lock_paths', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    assignedSession: text('assigned_session'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    timeoutMinutes: integer('timeout_minutes').notNull().default(30),
    // When set, overrides timeout_minutes (short timeouts for quick checks and tests).
    timeoutSeconds: integer('timeout_seconds'),
    // Where delivery stands, so a restarted assigner can reconcile: typing | typed | submitted.
    delivery: text('delivery'),
    // Not eligible for assignment before this time (backoff after a failed attempt).
    notBefore: integer('not_before'),
    response: text('response'),
    error: text('error'),
    createdAt: createdAt(),
    assignedAt: integer('assigned_at'),
    startedAt: integer('started_at'),
    completedAt: integer('completed_at'),
    updatedAt: updatedAt(),
    archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
    archivedAt: integer('archived_at'),
  },
  (t) => [
    index('prompts_queue_idx').on(t.status, t.priority, t.createdAt),
    index('prompts_session_idx').on(t.assignedSession, t.status),
    index('prompts_finished_idx').on(t.status, t.completedAt),
    // Delivery order (priority high first, then oldest) without sorting the pending prompts.
    index('prompts_queue_order_idx').on(t.status, desc(t.priority), t.createdAt, t.id),
    check('prompts_status_check', sql`${t.status} IN ('pending','assigned','in_progress','completed','failed','cancelled')`),
    check('prompts_priority_check', sql`${t.priority} BETWEEN -100 AND 100`),
  ],
);

/** Every transition of every prompt. */
export const assignmentHistory = sqliteTable(
  'assignment_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    promptId: integer('prompt_id').notNull().references(() => prompts.id, { onDelete: 'cascade' }),
    sessionName: text('session_name'),
    // queued | assigned | delivered | started | completed | timeout | session_gone | requeued | failed | cancelled | retried
    action: text('action').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('assignment_history_prompt_idx').on(t.promptId)],
);

/** Prompts that exhausted their attempts, with the reason of each attempt. */
export const lostAndFound = sqliteTable(
  'lost_and_found',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    promptId: integer('prompt_id').notNull().references(() => prompts.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    attempts: integer('attempts').notNull(),
    reasons: text('reasons', { mode: 'json' }).$type<{ attempt: number; session: string | null; reason: string; at: number }[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('lost_and_found_prompt_idx').on(t.promptId)],
);

/** A path or glob held by a session for one prompt; expires if the holder dies. */
export const fileLocks = sqliteTable(
  'file_locks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    path: text('path').notNull(),
    sessionName: text('session_name').notNull(),
    promptId: integer('prompt_id').references(() => prompts.id, { onDelete: 'cascade' }),
    acquiredAt: integer('acquired_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('file_locks_path_idx').on(t.path), index('file_locks_prompt_idx').on(t.promptId)],
);
