import type { Db } from '../createDb';

export interface StatusSummary {
  pending: number;
  assigned: number;
  in_progress: number;
  completed_today: number;
  failed_today: number;
  cancelled_today: number;
  lost_and_found: number;
  sessions: Record<string, number>;
  tasks: Record<string, number>;
  workers: { running: number; stale: number; stopped: number };
}

/** The numbers `architect status` and the dashboard overview show. "Today" is since local midnight. */
export function statusSummary(db: Db, now: number): StatusSummary {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const since = midnight.getTime();
  const count = (sql: string, ...args: unknown[]) => (db.sqlite.prepare(sql).get(...args) as { n: number }).n;
  const group = (sql: string) =>
    Object.fromEntries((db.sqlite.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
  const byStatus = group(
    "SELECT status AS k, count(*) AS n FROM prompts WHERE status IN ('pending','assigned','in_progress') GROUP BY status",
  );
  const workers = db.sqlite
    .prepare(
      `SELECT
         sum(status = 'running' AND ? - heartbeat_at <= 3 * heartbeat_ms) AS running,
         sum(status = 'running' AND ? - heartbeat_at > 3 * heartbeat_ms) AS stale,
         sum(status = 'stopped') AS stopped
       FROM workers`,
    )
    .get(now, now) as { running: number | null; stale: number | null; stopped: number | null };
  return {
    pending: byStatus.pending ?? 0,
    assigned: byStatus.assigned ?? 0,
    in_progress: byStatus.in_progress ?? 0,
    completed_today: count("SELECT count(*) AS n FROM prompts WHERE status = 'completed' AND completed_at >= ?", since),
    failed_today: count("SELECT count(*) AS n FROM prompts WHERE status = 'failed' AND completed_at >= ?", since),
    cancelled_today: count("SELECT count(*) AS n FROM prompts WHERE status = 'cancelled' AND completed_at >= ?", since),
    lost_and_found: count('SELECT count(*) AS n FROM lost_and_found'),
    sessions: group('SELECT state AS k, count(*) AS n FROM sessions WHERE managed = 1 GROUP BY state'),
    tasks: group('SELECT status AS k, count(*) AS n FROM tasks GROUP BY status'),
    workers: { running: workers.running ?? 0, stale: workers.stale ?? 0, stopped: workers.stopped ?? 0 },
  };
}
