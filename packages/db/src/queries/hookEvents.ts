/** Claude Code hook events as received: the audit trail, and how a turn's response reaches the assigner. */
import { immediate, type SqliteConn } from '../openSqlite';
import { setHookState, type StateWrite } from './sessionState';

export interface HookEventRow {
  id: number;
  sessionName: string | null;
  event: string;
  payload: Record<string, unknown> | null;
  createdAt: number;
}

export interface RecordedHook {
  id: number;
  /** Undefined when the event matched no session (it is still stored, with session_name NULL). */
  write: StateWrite | undefined;
}

/**
 * Store the event and apply it to the session's hook state in one transaction, so the audit row
 * and the state it caused can never disagree. `payload` must already be bounded by the caller.
 */
export function recordHookEvent(
  db: SqliteConn,
  e: { session: string | undefined; event: string; payload: Record<string, unknown>; hookSessionId?: string | null; decided?: boolean },
  now: number,
  idleGraceMs?: number,
): RecordedHook {
  return immediate(db, () => {
    const r = db.sqlite
      .prepare('INSERT INTO hook_events (session_name, event, payload, created_at) VALUES (?, ?, ?, ?)')
      .run(e.session ?? null, e.event, JSON.stringify(e.payload), now);
    const write = e.session
      ? setHookState(db, e.session, { event: e.event, payload: e.payload, hookSessionId: e.hookSessionId ?? null, decided: e.decided ?? false }, now, idleGraceMs)
      : undefined;
    return { id: Number(r.lastInsertRowid), write };
  });
}

function toRow(r: Record<string, unknown>): HookEventRow {
  let payload: Record<string, unknown> | null = null;
  try {
    payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : null;
  } catch {
    payload = null;
  }
  return { id: r.id as number, sessionName: (r.session_name as string | null) ?? null, event: r.event as string, payload, createdAt: r.created_at as number };
}

/** Events with id > afterId, oldest first (one session, or all). */
export function hookEventsAfter(db: SqliteConn, afterId: number, opts: { session?: string; limit?: number } = {}): HookEventRow[] {
  const limit = opts.limit ?? 500;
  const rows = opts.session
    ? db.sqlite.prepare('SELECT * FROM hook_events WHERE session_name = ? AND id > ? ORDER BY id LIMIT ?').all(opts.session, afterId, limit)
    : db.sqlite.prepare('SELECT * FROM hook_events WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit);
  return (rows as Record<string, unknown>[]).map(toRow);
}

export function maxHookEventId(db: SqliteConn): number {
  return (db.sqlite.prepare('SELECT coalesce(max(id), 0) AS m FROM hook_events').get() as { m: number }).m;
}

export interface TurnEnd {
  hookEventId: number;
  event: 'Stop' | 'StopFailure';
  /** Claude's final message of the turn (last_assistant_message). */
  response: string | null;
  /** StopFailure's error type (rate_limit, authentication_failed, …). */
  error: string | null;
  at: number;
}

/** The latest end of turn the hooks reported for a session, optionally only after `since` (ms). */
export function lastTurnEnd(db: SqliteConn, session: string, since = 0): TurnEnd | undefined {
  const r = db.sqlite
    .prepare(
      `SELECT * FROM hook_events WHERE session_name = ? AND event IN ('Stop', 'StopFailure') AND created_at >= ?
       ORDER BY id DESC LIMIT 1`,
    )
    .get(session, since) as Record<string, unknown> | undefined;
  return r ? turnEndOf(toRow(r)) : undefined;
}

export function turnEndOf(row: HookEventRow): TurnEnd | undefined {
  if (row.event !== 'Stop' && row.event !== 'StopFailure') return undefined;
  const p = row.payload ?? {};
  return {
    hookEventId: row.id,
    event: row.event,
    response: typeof p.last_assistant_message === 'string' ? p.last_assistant_message : null,
    error: typeof p.error === 'string' ? p.error : null,
    at: row.createdAt,
  };
}

/**
 * Which managed session a hook event belongs to when ARCHITECT_SESSION is not set: the one that
 * already reported Claude's session id, else the only managed session whose cwd is the event's.
 */
export function findSessionForHook(db: SqliteConn, q: { hookSessionId?: string | null; cwd?: string | null }): string | undefined {
  if (q.hookSessionId) {
    const r = db.sqlite.prepare('SELECT name FROM sessions WHERE hook_session_id = ? ORDER BY managed DESC LIMIT 1').get(q.hookSessionId) as
      | { name: string }
      | undefined;
    if (r) return r.name;
  }
  if (q.cwd) {
    const rows = db.sqlite.prepare("SELECT name FROM sessions WHERE cwd = ? AND managed = 1 AND state != 'gone' LIMIT 2").all(q.cwd) as { name: string }[];
    if (rows.length === 1) return rows[0]!.name;
  }
  return undefined;
}
