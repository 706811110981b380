import type { SqliteConn } from '../openSqlite';

export type HealthStatus = 'ok' | 'warn' | 'fail';

export interface HealthStateRow {
  checkName: string;
  state: 'up' | 'down';
  critical: boolean;
  lastStatus: HealthStatus;
  lastMessage: string | null;
  lastValue: number | null;
  lastDetails: Record<string, unknown> | null;
  failStreak: number;
  okStreak: number;
  version: number;
  changedAt: number;
  checkedAt: number;
}

interface RawState {
  check_name: string;
  state: 'up' | 'down';
  critical: number;
  last_status: HealthStatus;
  last_message: string | null;
  last_value: number | null;
  last_details: string | null;
  fail_streak: number;
  ok_streak: number;
  version: number;
  changed_at: number;
  checked_at: number;
}

function fromRaw(r: RawState): HealthStateRow {
  return {
    checkName: r.check_name,
    state: r.state,
    critical: r.critical === 1,
    lastStatus: r.last_status,
    lastMessage: r.last_message,
    lastValue: r.last_value,
    lastDetails: r.last_details ? (JSON.parse(r.last_details) as Record<string, unknown>) : null,
    failStreak: r.fail_streak,
    okStreak: r.ok_streak,
    version: r.version,
    changedAt: r.changed_at,
    checkedAt: r.checked_at,
  };
}

export function listHealthState(db: SqliteConn): HealthStateRow[] {
  return (db.sqlite.prepare('SELECT * FROM health_state ORDER BY check_name').all() as RawState[]).map(fromRaw);
}

function params(row: HealthStateRow) {
  return {
    name: row.checkName,
    state: row.state,
    critical: row.critical ? 1 : 0,
    status: row.lastStatus,
    message: row.lastMessage,
    value: row.lastValue,
    details: row.lastDetails ? JSON.stringify(row.lastDetails) : null,
    failStreak: row.failStreak,
    okStreak: row.okStreak,
    changedAt: row.changedAt,
    checkedAt: row.checkedAt,
  };
}

/** First sample of a check. False when another writer inserted it first (the caller re-reads). */
export function insertHealthState(db: SqliteConn, row: HealthStateRow): boolean {
  const r = db.sqlite
    .prepare(
      `INSERT INTO health_state (check_name, state, critical, last_status, last_message, last_value, last_details,
         fail_streak, ok_streak, version, changed_at, checked_at)
       VALUES (@name, @state, @critical, @status, @message, @value, @details, @failStreak, @okStreak, 1, @changedAt, @checkedAt)
       ON CONFLICT(check_name) DO NOTHING`,
    )
    .run(params(row));
  return r.changes === 1;
}

/** Compare-and-swap on `version`: false when the row moved since it was read. */
export function updateHealthState(db: SqliteConn, row: HealthStateRow, expectedVersion: number): boolean {
  const r = db.sqlite
    .prepare(
      `UPDATE health_state SET state = @state, critical = @critical, last_status = @status, last_message = @message,
         last_value = @value, last_details = @details, fail_streak = @failStreak, ok_streak = @okStreak,
         version = version + 1, changed_at = @changedAt, checked_at = @checkedAt
       WHERE check_name = @name AND version = @expected`,
    )
    .run({ ...params(row), expected: expectedVersion });
  return r.changes === 1;
}

export function deleteHealthState(db: SqliteConn, checkName: string, expectedVersion: number): boolean {
  return db.sqlite.prepare('DELETE FROM health_state WHERE check_name = ? AND version = ?').run(checkName, expectedVersion).changes === 1;
}

/** A transition (or a check's first sample) in `health_checks`: the history, not every sample. */
export function insertHealthTransition(
  db: SqliteConn,
  t: { checkName: string; status: HealthStatus; message: string | null; value: number | null; details: Record<string, unknown>; now: number },
): number {
  const r = db.sqlite
    .prepare('INSERT INTO health_checks (check_name, status, message, value, details, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(t.checkName, t.status, t.message, t.value, JSON.stringify(t.details), t.now);
  return Number(r.lastInsertRowid);
}

/** Opens the check's outage unless one is open already (a unique partial index holds one per check). */
export function openOutage(db: SqliteConn, checkName: string, reason: string | null, now: number): number | null {
  const r = db.sqlite
    .prepare('INSERT OR IGNORE INTO outages (check_name, reason, started_at) VALUES (?, ?, ?)')
    .run(checkName, reason, now);
  return r.changes === 1 ? Number(r.lastInsertRowid) : null;
}

export function closeOutage(db: SqliteConn, checkName: string, now: number): { id: number; durationMs: number } | null {
  const row = db.sqlite
    .prepare(
      `UPDATE outages SET ended_at = @now, duration_ms = max(0, @now - started_at)
       WHERE check_name = @name AND ended_at IS NULL RETURNING id, duration_ms`,
    )
    .get({ name: checkName, now }) as { id: number; duration_ms: number } | undefined;
  return row ? { id: row.id, durationMs: row.duration_ms } : null;
}

/** An `alerts` row (kind `health`) for the SMS worker and the dashboard. */
export function insertHealthAlert(db: SqliteConn, message: string, details: Record<string, unknown>, now: number): number {
  const r = db.sqlite
    .prepare(`INSERT INTO alerts (kind, session_name, message, details, created_at) VALUES ('health', NULL, ?, ?, ?)`)
    .run(message, JSON.stringify(details), now);
  return Number(r.lastInsertRowid);
}

export interface OutageRow {
  id: number;
  checkName: string;
  reason: string | null;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
}

export function listOutages(db: SqliteConn, opts: { limit?: number; openOnly?: boolean } = {}): OutageRow[] {
  const rows = db.sqlite
    .prepare(
      `SELECT id, check_name, reason, started_at, ended_at, duration_ms FROM outages
       ${opts.openOnly ? 'WHERE ended_at IS NULL' : ''} ORDER BY started_at DESC, id DESC LIMIT ?`,
    )
    .all(opts.limit ?? 50) as { id: number; check_name: string; reason: string | null; started_at: number; ended_at: number | null; duration_ms: number | null }[];
  return rows.map((r) => ({ id: r.id, checkName: r.check_name, reason: r.reason, startedAt: r.started_at, endedAt: r.ended_at, durationMs: r.duration_ms }));
}

/**
 * An alert about the health machinery itself (e.g. the health daemon not running), raised at most
 * once per `key` while an unacknowledged one younger than `since` exists: a cron probe every five
 * minutes must not text the owner every five minutes.
 */
export function insertHealthAlertOnce(db: SqliteConn, key: string, message: string, since: number, now: number): number | null {
  return db.sqlite
    .transaction(() => {
      const open = db.sqlite
        .prepare(
          `SELECT id FROM alerts WHERE kind = 'health' AND acknowledged_at IS NULL AND created_at >= ?
             AND json_extract(details, '$.key') = ? LIMIT 1`,
        )
        .get(since, key);
      if (open) return null;
      return insertHealthAlert(db, message, { key }, now);
    })
    .immediate();
}
