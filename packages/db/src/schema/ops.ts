import { sql } from 'drizzle-orm';
import { blob, check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';

/** Approval rules managed from the dashboard, on top of the config file's lists. */
export const approvalRules = sqliteTable('approval_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  list: text('list', { enum: ['allow', 'ask', 'deny'] }).notNull(),
  rule: text('rule').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  note: text('note'),
  createdAt: createdAt(),
});

/** Runtime switches set from the dashboard or CLI (e.g. the auto-confirm kill switch). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>(),
  updatedAt: updatedAt(),
});

/** Something a human should know now: an escalated permission request, a health change. */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    sessionName: text('session_name'),
    message: text('message').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    // Set when the SMS worker has turned it into an outbox row.
    notifiedAt: integer('notified_at'),
    acknowledgedAt: integer('acknowledged_at'),
    // The outbox row it went out in; NULL with notified_at set means deduplicated (not sent again).
    smsMessageId: integer('sms_message_id'),
    // "<session>:<state>:<since>" for an alert about a session sitting in a state: unique, so an
    // episode is alerted once even across watcher restarts.
    episode: text('episode'),
    createdAt: createdAt(),
  },
  (t) => [
    index('alerts_pending_idx').on(t.notifiedAt),
    index('alerts_created_idx').on(t.createdAt),
    uniqueIndex('alerts_episode_unique').on(t.episode).where(sql`${t.episode} IS NOT NULL`),
  ],
);

/** AES-256-GCM encrypted values; the key never lives in the database. */
export const secrets = sqliteTable('secrets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  ciphertext: blob('ciphertext', { mode: 'buffer' }).notNull(),
  nonce: blob('nonce', { mode: 'buffer' }).notNull(),
  tag: blob('tag', { mode: 'buffer' }).notNull(),
  // Which service uses it (twilio, github, ...): shown in listings, never the value.
  service: text('service'),
  category: text('category'),
  description: text('description'),
  // Non-secret id of the key the value is sealed with (tells a wrong key and a half-done rotation apart).
  keyId: text('key_id'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  lastRevealedAt: integer('last_revealed_at'),
});

export const healthChecks = sqliteTable(
  'health_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkName: text('check_name').notNull(),
    status: text('status', { enum: ['ok', 'warn', 'fail'] }).notNull(),
    message: text('message'),
    value: real('value'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('health_checks_name_idx').on(t.checkName, t.createdAt), index('health_checks_created_idx').on(t.createdAt)],
);

export const outages = sqliteTable(
  'outages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkName: text('check_name').notNull(),
    reason: text('reason'),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    durationMs: integer('duration_ms'),
  },
  (t) => [
    index('outages_open_idx').on(t.checkName, t.endedAt),
    // At most one open outage per check: a health daemon restarted mid-outage cannot open a second.
    uniqueIndex('outages_one_open_idx').on(t.checkName).where(sql`${t.endedAt} IS NULL`),
  ],
);

/**
 * The current state of each health check (one row per check): the up/down verdict after the
 * failure/success thresholds, the streaks that lead to it and the latest sample. `version` is the
 * compare-and-swap token. `health_checks` keeps only the transitions.
 */
export const healthState = sqliteTable(
  'health_state',
  {
    checkName: text('check_name').primaryKey(),
    state: text('state', { enum: ['up', 'down'] }).notNull().default('up'),
    // A critical check that is down makes the whole suite DOWN (database, disk, tmux).
    critical: integer('critical', { mode: 'boolean' }).notNull().default(false),
    lastStatus: text('last_status', { enum: ['ok', 'warn', 'fail'] }).notNull(),
    lastMessage: text('last_message'),
    lastValue: real('last_value'),
    lastDetails: text('last_details', { mode: 'json' }).$type<Record<string, unknown>>(),
    failStreak: integer('fail_streak').notNull().default(0),
    okStreak: integer('ok_streak').notNull().default(0),
    version: integer('version').notNull().default(0),
    changedAt: integer('changed_at').notNull(),
    checkedAt: integer('checked_at').notNull(),
  },
  (t) => [
    check('health_state_state_check', sql`${t.state} IN ('up','down')`),
    check('health_state_status_check', sql`${t.lastStatus} IN ('ok','warn','fail')`),
  ],
);

/**
 * Outbox: every SMS is a row before it is sent. Twilio has no idempotency key, so sending is at
 * most once: a row left in `sending` by a crash becomes `unknown` and is never sent again.
 */
export const SMS_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];
export const smsMessages = sqliteTable(
  'sms_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    recipients: text('recipients', { mode: 'json' }).$type<string[]>().notNull().default([]),
    // Which transport took it (twilio | webhook | log), set at claim.
    transport: text('transport'),
    status: text('status', { enum: SMS_STATUSES }).notNull().default('pending'),
    sid: text('sid'),
    // Recipients already sent to ({ number: SID }): a retry after a partial send skips them.
    delivered: text('delivered', { mode: 'json' }).$type<Record<string, string>>(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    claimedBy: text('claimed_by'),
    alertIds: text('alert_ids', { mode: 'json' }).$type<number[]>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: integer('sent_at'),
  },
  (t) => [index('sms_status_idx').on(t.status, t.nextAttemptAt), index('sms_created_idx').on(t.createdAt)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_created_idx').on(t.createdAt)],
);

export const webSessions = sqliteTable(
  'web_sessions',
  {
    sid: text('sid').primaryKey(),
    data: text('data').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('web_sessions_expires_idx').on(t.expiresAt)],
);
