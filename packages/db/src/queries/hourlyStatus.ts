import type { Db } from '../createDb';

export interface SessionCounts {
  busy: number;
  idle: number;
  waiting: number;
  exited: number;
  other: number;
}

export interface HourlyStatusFacts {
  sessionsByProvider: Record<string, SessionCounts>;
  prompts: { queued: number; active: number; done: number; failed: number };
  tasks: { pending: number; running: number; done: number; failed: number };
  /** Sessions waiting on a human (an escalated permission request) and alerts nobody acknowledged. */
  waitingForHuman: number;
  unackedAlerts: number;
  health: { overall: 'HEALTHY' | 'DEGRADED' | 'DOWN' | 'UNKNOWN'; down: string[] };
}

const bucket = (state: string): keyof SessionCounts =>
  state === 'busy' ? 'busy' : state === 'idle' ? 'idle' : state === 'waiting_input' ? 'waiting' : state === 'gone' || state === 'exited' ? 'exited' : 'other';

/**
 * Health from what the health daemon leaves in `health_state` (one row per check, its up/down
 * verdict after the failure/success thresholds). A down critical check is DOWN, any other down
 * check DEGRADED, nothing recorded UNKNOWN.
 */
function healthFacts(db: Db): HourlyStatusFacts['health'] {
  const rows = db.sqlite.prepare('SELECT check_name, state, critical FROM health_state ORDER BY check_name').all() as { check_name: string; state: string; critical: number }[];
  if (rows.length === 0) return { overall: 'UNKNOWN', down: [] };
  const down = rows.filter((r) => r.state === 'down');
  const overall = down.some((r) => r.critical) ? 'DOWN' : down.length ? 'DEGRADED' : 'HEALTHY';
  return { overall, down: down.map((r) => r.check_name) };
}

/** The numbers of the hourly status message ("last hour" = since `now` - 1 h). */
export function hourlyStatusFacts(db: Db, now: number): HourlyStatusFacts {
  const since = now - 3_600_000;
  const sessionsByProvider: Record<string, SessionCounts> = {};
  const sessions = db.sqlite.prepare('SELECT provider, state, count(*) AS n FROM sessions WHERE managed = 1 GROUP BY provider, state').all() as {
    provider: string;
    state: string;
    n: number;
  }[];
  for (const r of sessions) {
    const c = (sessionsByProvider[r.provider] ??= { busy: 0, idle: 0, waiting: 0, exited: 0, other: 0 });
    c[bucket(r.state)] += r.n;
  }
  const one = (sql: string, ...args: unknown[]) => (db.sqlite.prepare(sql).get(...args) as { n: number | null }).n ?? 0;
  return {
    sessionsByProvider,
    prompts: {
      queued: one("SELECT count(*) AS n FROM prompts WHERE status = 'pending'"),
      active: one("SELECT count(*) AS n FROM prompts WHERE status IN ('assigned','in_progress')"),
      done: one("SELECT count(*) AS n FROM prompts WHERE status = 'completed' AND completed_at > ?", since),
      failed: one("SELECT count(*) AS n FROM prompts WHERE status = 'failed' AND completed_at > ?", since),
    },
    tasks: {
      pending: one("SELECT count(*) AS n FROM tasks WHERE status = 'pending'"),
      running: one("SELECT count(*) AS n FROM tasks WHERE status = 'running'"),
      done: one("SELECT count(*) AS n FROM tasks WHERE status = 'done' AND finished_at > ?", since),
      failed: one("SELECT count(*) AS n FROM tasks WHERE status = 'failed' AND finished_at > ?", since),
    },
    waitingForHuman: one("SELECT count(*) AS n FROM sessions WHERE managed = 1 AND state = 'waiting_input'"),
    unackedAlerts: one('SELECT count(*) AS n FROM alerts WHERE acknowledged_at IS NULL AND created_at > ?', now - 24 * 3_600_000),
    health: healthFacts(db),
  };
}
