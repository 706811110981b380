import type { HealthStateRow } from '@architect/db';
import { formatDuration } from './formatDuration';

export type OverallStatus = 'HEALTHY' | 'DEGRADED' | 'DOWN';

export interface HealthDaemonView {
  running: boolean;
  /** Last time any check was sampled, or null when none ever was. */
  lastCycleAt: number | null;
}

export interface Overall {
  status: OverallStatus;
  reasons: string[];
}

/**
 * The suite's verdict from the stored check states: DOWN when a critical check (database, disk,
 * tmux) is down, DEGRADED when any other check is down or warns, or when the health daemon itself
 * is not running (its results are then old news, and nothing is watching); HEALTHY otherwise.
 * A check failing but not yet past its threshold is not a reason: that is what the threshold is for.
 */
export function overallStatus(rows: HealthStateRow[], daemon: HealthDaemonView, now: number): Overall {
  const reasons: string[] = [];
  let status: OverallStatus = 'HEALTHY';
  const worsen = (s: OverallStatus) => {
    if (s === 'DOWN' || (s === 'DEGRADED' && status === 'HEALTHY')) status = s;
  };
  if (!daemon.running) {
    worsen('DEGRADED');
    reasons.push(
      daemon.lastCycleAt === null
        ? 'health daemon not running (no check has ever run)'
        : `health daemon not running (last check ${formatDuration(now - daemon.lastCycleAt)} ago)`,
    );
  }
  const ordered = [...rows].sort((a, b) => Number(b.critical) - Number(a.critical) || a.checkName.localeCompare(b.checkName));
  for (const r of ordered) {
    if (r.state === 'down') {
      worsen(r.critical ? 'DOWN' : 'DEGRADED');
      // A down check whose latest sample is good is recovering: say so rather than quote "alive".
      const what = r.lastStatus === 'fail' ? (r.lastMessage ?? r.checkName) : `${r.checkName} recovering (${r.lastMessage ?? 'ok'})`;
      reasons.push(`${what} (down ${formatDuration(now - r.changedAt)})`);
    } else if (r.lastStatus === 'warn') {
      worsen('DEGRADED');
      reasons.push(r.lastMessage ?? `${r.checkName} warns`);
    }
  }
  return { status, reasons };
}
