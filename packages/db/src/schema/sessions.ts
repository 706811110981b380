import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';

// 'exited': the agent process is gone and its pane shows a shell (or anything but the agent).
export const sessionStates = ['idle', 'busy', 'waiting_input', 'starting', 'gone', 'unknown', 'exited'] as const;
export type SessionState = (typeof sessionStates)[number];

/** Mirror of the config file's sessions plus what Architect observes about each. */
export const sessions = sqliteTable(
  'sessions',
  {
    name: text('name').primaryKey(),
    provider: text('provider').notNull(),
    role: text('role').notNull().default('worker'),
    specialties: text('specialties', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    host: text('host'),
    cwd: text('cwd'),
    // 0 once the session left the config file: kept for history, never driven.
    managed: integer('managed', { mode: 'boolean' }).notNull().default(true),
    state: text('state', { enum: sessionStates }).notNull().default('unknown'),
    stateSource: text('state_source', { enum: ['hook', 'screen', 'process'] }),
    stateAt: integer('state_at'),
    // Latest hook-derived state; wins over the screen while fresh.
    hookState: text('hook_state'),
    hookStateAt: integer('hook_state_at'),
    hookSessionId: text('hook_session_id'),
    screenState: text('screen_state'),
    screenStateAt: integer('screen_state_at'),
    screenHash: text('screen_hash'),
    // The process check: is the pane's foreground the session's agent ('agent') or not ('exited')?
    processState: text('process_state', { enum: ['agent', 'exited'] }),
    processAt: integer('process_at'),
    // What runs in the pane's foreground (argv joined), as the process check last saw it.
    foreground: text('foreground'),
    // The permission dialog on screen (tool, command, options), when there is one.
    permission: text('permission', { mode: 'json' }).$type<Record<string, unknown>>(),
    currentPromptId: integer('current_prompt_id'),
    lastActivity: integer('last_activity'),
    lastOutput: text('last_output'),
    completedCount: integer('completed_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    successRate: real('success_rate').notNull().default(0),
    avgCompletionMs: integer('avg_completion_ms').notNull().default(0),
    totalCompletionMs: integer('total_completion_ms').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('sessions_state_idx').on(t.state),
    check('sessions_state_check', sql`${t.state} IN ('idle','busy','waiting_input','starting','gone','unknown','exited')`),
    check('sessions_process_state_check', sql`${t.processState} IS NULL OR ${t.processState} IN ('agent','exited')`),
  ],
);

/** Every keystroke or decision Architect made in an agent session. */
export const interactions = sqliteTable(
  'interactions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionName: text('session_name').notNull(),
    // prompt_delivered | enter_retry | permission_approved | permission_denied | permission_escalated | key
    kind: text('kind').notNull(),
    promptId: integer('prompt_id'),
    tool: text('tool'),
    command: text('command'),
    rule: text('rule'),
    outcome: text('outcome'),
    // approve | deny | escalate decided via the hook or the screen
    via: text('via'),
    screenHash: text('screen_hash'),
    // The process check: is the pane's foreground the session's agent ('agent') or not ('exited')?
    processState: text('process_state', { enum: ['agent', 'exited'] }),
    processAt: integer('process_at'),
    // What runs in the pane's foreground (argv joined), as the process check last saw it.
    foreground: text('foreground'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('interactions_session_idx').on(t.sessionName, t.createdAt), index('interactions_created_idx').on(t.createdAt)],
);

/** Raw Claude Code hook events as received (payload bounded), for debugging and audit. */
export const hookEvents = sqliteTable(
  'hook_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionName: text('session_name'),
    event: text('event').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('hook_events_session_idx').on(t.sessionName, t.createdAt)],
);
