import type { SqliteConn } from '../openSqlite';

export interface SessionHealthRow {
  name: string;
  /** Read as a plain string: newer daemons add states (e.g. `exited`) this code need not know. */
  state: string;
  stateAt: number | null;
  /** Unacknowledged alerts about this session raised since the window's start, newest first. */
  alerts: { kind: string; message: string; createdAt: number }[];
}

/** Managed sessions with the recent unacknowledged alerts other daemons raised about them. */
export function sessionsForHealth(db: SqliteConn, alertsSince: number): SessionHealthRow[] {
  const sessions = db.sqlite
    .prepare('SELECT name, state, state_at FROM sessions WHERE managed = 1 ORDER BY name')
    .all() as { name: string; state: string; state_at: number | null }[];
  const alerts = db.sqlite
    .prepare(
      `SELECT session_name, kind, message, created_at FROM alerts
       WHERE session_name IS NOT NULL AND acknowledged_at IS NULL AND created_at >= ? AND kind != 'health'
       ORDER BY created_at DESC`,
    )
    .all(alertsSince) as { session_name: string; kind: string; message: string; created_at: number }[];
  return sessions.map((s) => ({
    name: s.name,
    state: s.state,
    stateAt: s.state_at,
    alerts: alerts.filter((a) => a.session_name === s.name).map((a) => ({ kind: a.kind, message: a.message, createdAt: a.created_at })),
  }));
}

export interface OverdueRow {
  id: number;
  /** When its timeout ran out. */
  dueAt: number;
  where: string | null;
}

/**
 * Prompts still open past their own timeout plus a grace: the assigner times prompts out, so one
 * left open that long means the assigner is not doing its job.
 */
export function overduePrompts(db: SqliteConn, now: number, graceMs: number): OverdueRow[] {
  return (
    db.sqlite
      .prepare(
        `SELECT id, assigned_session AS "where",
           coalesce(started_at, assigned_at) + coalesce(timeout_seconds, timeout_minutes * 60) * 1000 AS dueAt
         FROM prompts WHERE status IN ('assigned','in_progress') AND coalesce(started_at, assigned_at) IS NOT NULL
           AND coalesce(started_at, assigned_at) + coalesce(timeout_seconds, timeout_minutes * 60) * 1000 + ? < ?
         ORDER BY dueAt LIMIT 20`,
      )
      .all(graceMs, now) as OverdueRow[]
  );
}

/** Running tasks past their timeout plus a grace (the task worker kills them at the timeout). */
export function overdueTasks(db: SqliteConn, now: number, graceMs: number): OverdueRow[] {
  return (
    db.sqlite
      .prepare(
        `SELECT id, worker_id AS "where", started_at + timeout_seconds * 1000 AS dueAt
         FROM tasks WHERE status = 'running' AND started_at IS NOT NULL AND started_at + timeout_seconds * 1000 + ? < ?
         ORDER BY dueAt LIMIT 20`,
      )
      .all(graceMs, now) as OverdueRow[]
  );
}
