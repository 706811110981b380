/** Read-only queries that find recurring problems for the suggestions cycle. */
import type { Db } from '../createDb';

export function sessionFailureRates(db: Db, minSamples: number): { name: string; completed: number; failed: number }[] {
  return db.sqlite
    .prepare(
      `SELECT name, completed_count AS completed, failed_count AS failed FROM sessions
       WHERE managed = 1 AND completed_count + failed_count >= ? ORDER BY name`,
    )
    .all(minSamples) as { name: string; completed: number; failed: number }[];
}

/** Stuck / exited alerts per session since `since`. */
export function unstableSessionAlerts(db: Db, since: number): { session: string; kind: string; ids: number[] }[] {
  const rows = db.sqlite
    .prepare(
      `SELECT session_name AS session, kind, group_concat(id) AS ids FROM alerts
       WHERE created_at >= ? AND session_name IS NOT NULL AND (kind LIKE '%stuck%' OR kind LIKE '%exited%')
       GROUP BY session_name, kind ORDER BY session_name, kind`,
    )
    .all(since) as { session: string; kind: string; ids: string }[];
  return rows.map((r) => ({ ...r, ids: r.ids.split(',').map(Number) }));
}

/** Escalated permission requests since `since`: the raw rows, grouped by the caller. */
export interface EscalationRow {
  id: number;
  session: string;
  tool: string | null;
  command: string | null;
  /** The session's working directory (what the policy judges paths against), when known. */
  cwd: string | null;
}

export function escalationsSince(db: Db, since: number): EscalationRow[] {
  return db.sqlite
    .prepare(
      `SELECT i.id, i.session_name AS session, i.tool, i.command, s.cwd FROM interactions i LEFT JOIN sessions s ON s.name = i.session_name
       WHERE i.outcome = 'escalate' AND i.created_at >= ? ORDER BY i.id`,
    )
    .all(since) as EscalationRow[];
}

/** Prompts that timed out at least `min` times since `since`. */
export function repeatedTimeouts(db: Db, since: number, min: number): { promptId: number; timeouts: number; sessions: string[] }[] {
  const rows = db.sqlite
    .prepare(
      `SELECT prompt_id AS promptId, count(*) AS timeouts, group_concat(DISTINCT session_name) AS sessions FROM assignment_history
       WHERE action = 'timeout' AND created_at >= ? GROUP BY prompt_id HAVING count(*) >= ? ORDER BY prompt_id`,
    )
    .all(since, min) as { promptId: number; timeouts: number; sessions: string | null }[];
  return rows.map((r) => ({ ...r, sessions: r.sessions ? r.sessions.split(',') : [] }));
}

export function lostPromptsSince(db: Db, since: number): { promptId: number; attempts: number; createdAt: number }[] {
  return db.sqlite
    .prepare(`SELECT prompt_id AS promptId, attempts, created_at AS createdAt FROM lost_and_found WHERE created_at >= ? ORDER BY prompt_id`)
    .all(since) as { promptId: number; attempts: number; createdAt: number }[];
}

/**
 * Completed prompts per session since `since` that used more than `share` of their timeout:
 * a session (or the prompts it is given) running close to the limit.
 */
export function slowCompletions(db: Db, since: number, share: number): { session: string; promptIds: number[] }[] {
  const rows = db.sqlite
    .prepare(
      `SELECT assigned_session AS session, group_concat(id) AS ids FROM prompts
       WHERE status = 'completed' AND completed_at >= ? AND assigned_at IS NOT NULL AND assigned_session IS NOT NULL
         AND (completed_at - assigned_at) > ? * COALESCE(timeout_seconds * 1000, timeout_minutes * 60000)
       GROUP BY assigned_session ORDER BY assigned_session`,
    )
    .all(since, share) as { session: string; ids: string }[];
  return rows.map((r) => ({ session: r.session, promptIds: r.ids.split(',').map(Number) }));
}
