import type { SqliteConn } from '../openSqlite';

/**
 * What `architect maintenance` may delete, per table: rows past their age that no daemon still
 * needs. Open work (pending prompts and tasks, queued SMS, unacknowledged alerts, open outages) is
 * never matched, whatever its age. `age` is the column the cutoff is compared with.
 */
export const retentionRules = {
  interactions: { table: 'interactions', where: 'created_at < @cutoff' },
  hookEvents: { table: 'hook_events', where: 'created_at < @cutoff' },
  healthChecks: { table: 'health_checks', where: 'created_at < @cutoff' },
  outages: { table: 'outages', where: 'ended_at IS NOT NULL AND ended_at < @cutoff' },
  // assignment_history, prompt_hooks and the like cascade from prompts.
  prompts: {
    table: 'prompts',
    where: "status IN ('completed','failed','cancelled') AND coalesce(completed_at, updated_at) < @cutoff",
  },
  tasks: { table: 'tasks', where: "status IN ('done','failed','cancelled') AND coalesce(finished_at, updated_at) < @cutoff" },
  smsMessages: { table: 'sms_messages', where: "status IN ('sent','failed','unknown') AND created_at < @cutoff" },
  alerts: { table: 'alerts', where: 'acknowledged_at IS NOT NULL AND acknowledged_at < @cutoff' },
} as const;

export type RetentionTable = keyof typeof retentionRules;

export function countPastRetention(db: SqliteConn, table: RetentionTable, cutoff: number): number {
  const rule = retentionRules[table];
  const row = db.sqlite.prepare(`SELECT count(*) AS n FROM ${rule.table} WHERE ${rule.where}`).get({ cutoff }) as { n: number };
  return row.n;
}

/**
 * Deletes at most `limit` rows past retention in one short transaction, so a daemon waiting for
 * the write lock waits for one batch, not for the whole clean-up. Returns how many went.
 */
export function deletePastRetentionBatch(db: SqliteConn, table: RetentionTable, cutoff: number, limit: number): number {
  const rule = retentionRules[table];
  const r = db.sqlite
    .prepare(`DELETE FROM ${rule.table} WHERE rowid IN (SELECT rowid FROM ${rule.table} WHERE ${rule.where} LIMIT @limit)`)
    .run({ cutoff, limit });
  return r.changes;
}
