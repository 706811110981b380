import { listHealthState, listWorkers, type Db } from '@architect/db';
import { overallStatus, type OverallStatus } from './overall';

export interface HealthReport {
  status: OverallStatus;
  reasons: string[];
  checks: {
    name: string;
    state: 'up' | 'down';
    status: string;
    message: string | null;
    value: number | null;
    critical: boolean;
    since: number;
    checked_at: number;
    fail_streak: number;
    ok_streak: number;
  }[];
  daemon: { running: boolean; pid: number | null; last_cycle_at: number | null };
}

/**
 * What `architect health` prints: the verdict computed from the latest stored check states, plus
 * whether the health daemon is alive (a running `health` worker with a fresh heartbeat). The CLI
 * does not run the checks itself: the daemon's thresholds need the history it keeps.
 */
export function healthReport(db: Db, now: number): HealthReport {
  const rows = listHealthState(db);
  const daemonRow = listWorkers(db, now).find((w) => w.name === 'health' && w.status === 'running' && !w.stale);
  const lastCycleAt = rows.length ? Math.max(...rows.map((r) => r.checkedAt)) : null;
  const daemon = { running: daemonRow !== undefined, lastCycleAt };
  const { status, reasons } = overallStatus(rows, daemon, now);
  return {
    status,
    reasons,
    checks: rows.map((r) => ({
      name: r.checkName,
      state: r.state,
      status: r.lastStatus,
      message: r.lastMessage,
      value: r.lastValue,
      critical: r.critical,
      since: r.changedAt,
      checked_at: r.checkedAt,
      fail_streak: r.failStreak,
      ok_streak: r.okStreak,
    })),
    daemon: { running: daemon.running, pid: daemonRow?.pid ?? null, last_cycle_at: lastCycleAt },
  };
}
