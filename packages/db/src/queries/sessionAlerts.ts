/**
 * Alerts about a session sitting in a state too long (unknown, waiting for a human, exited, busy
 * with a frozen screen). One alert per *episode*: an episode is a session in one state since one
 * instant (state_at), so its key never changes while the episode lasts and a new episode (the
 * state moved and came back) gets a new key. The key is a unique column: raising the same
 * episode twice — a second pass, a restarted watcher — inserts nothing.
 */
import type { SqliteConn } from '../openSqlite';

export type SessionAlertKind = 'session_exited' | 'session_waiting' | 'session_stuck';

export interface EpisodeAlert {
  kind: SessionAlertKind;
  session: string;
  /** The state of the episode ('busy-quiet' for busy with no screen change). */
  state: string;
  /** When the episode began: the session's state_at. */
  since: number;
  message: string;
  details: Record<string, unknown>;
  now: number;
}

export function episodeKey(session: string, state: string, since: number): string {
  return `${session}:${state}:${since}`;
}

/** Insert the episode's alert unless it exists; returns the new alert's id, or null if it was already raised. */
export function raiseEpisodeAlert(db: SqliteConn, a: EpisodeAlert): number | null {
  const r = db.sqlite
    .prepare('INSERT OR IGNORE INTO alerts (kind, session_name, message, details, episode, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(a.kind, a.session, a.message, JSON.stringify({ ...a.details, state: a.state, since: a.since }), episodeKey(a.session, a.state, a.since), a.now);
  return r.changes === 1 ? Number(r.lastInsertRowid) : null;
}

export interface SessionAlertRow {
  id: number;
  kind: string;
  sessionName: string | null;
  message: string;
  details: Record<string, unknown> | null;
  episode: string | null;
  createdAt: number;
}

/** A session's alerts, oldest first (tests, the dashboard's "needs you"). */
export function listSessionAlerts(db: SqliteConn, session: string): SessionAlertRow[] {
  const rows = db.sqlite
    .prepare('SELECT id, kind, session_name, message, details, episode, created_at FROM alerts WHERE session_name = ? ORDER BY id')
    .all(session) as { id: number; kind: string; session_name: string | null; message: string; details: string | null; episode: string | null; created_at: number }[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    sessionName: r.session_name,
    message: r.message,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    episode: r.episode,
    createdAt: r.created_at,
  }));
}
