import type { Db } from '../createDb';
import type { HookEventRow } from './hookEvents';

// Hook processes and the assigner read the same clock, but a hook recorded a moment before the
// claim's timestamp must still be seen: look back this far before the time bound.
const CLOCK_SLACK_MS = 60_000;

/**
 * The hook events of one session that can be about a prompt claimed at `claimedAt`: id above the
 * mark taken at the claim. The time bound lets the (session_name, created_at) index do the work,
 * so the cost does not grow with the session's whole history.
 */
export function hookEventsSinceClaim(db: Db, session: string, hookMark: number, claimedAt: number, limit = 500): HookEventRow[] {
  const rows = db.sqlite
    .prepare(
      `SELECT * FROM hook_events WHERE session_name = ? AND created_at >= ? AND id > ?
       ORDER BY id LIMIT ?`,
    )
    .all(session, claimedAt - CLOCK_SLACK_MS, hookMark, limit) as { id: number; session_name: string | null; event: string; payload: string | null; created_at: number }[];
  return rows.map((r) => {
    let payload: Record<string, unknown> | null = null;
    try {
      payload = r.payload ? (JSON.parse(r.payload) as Record<string, unknown>) : null;
    } catch {
      payload = null;
    }
    return { id: r.id, sessionName: r.session_name, event: r.event, payload, createdAt: r.created_at };
  });
}
