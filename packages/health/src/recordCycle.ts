import {
  closeOutage,
  deleteHealthState,
  immediate,
  insertHealthAlert,
  insertHealthState,
  insertHealthTransition,
  listHealthState,
  openOutage,
  updateHealthState,
  type HealthStateRow,
  type SqliteConn,
} from '@architect/db';
import type { CheckBatch, CheckSample } from './sample';
import { formatDuration } from './formatDuration';
import { stepCheck, type ThresholdPolicy } from './thresholds';

export interface CycleChange {
  check: string;
  transition: 'down' | 'up' | 'retired';
  message: string;
  outageId: number | null;
  durationMs?: number;
}

export interface RecordResult {
  changes: CycleChange[];
  /** Samples whose compare-and-swap lost (another health process wrote first); they are skipped. */
  conflicts: number;
}

/**
 * Persists one cycle's samples in one short immediate transaction (no I/O inside: the checks ran
 * before). Each check's row moves by compare-and-swap on its version; a transition writes its
 * `health_checks` row, opens or closes the outage and raises an `alerts` row (kind `health`) in
 * the same transaction, so a SIGKILL leaves either all of it or none. A restarted daemon reads
 * the streaks back and carries on; the unique open-outage index makes a second outage for the
 * same check impossible.
 */
export function recordCycle(db: SqliteConn, batches: CheckBatch[], policy: ThresholdPolicy, now: number): RecordResult {
  return immediate(db, () => {
    const current = new Map(listHealthState(db).map((r) => [r.checkName, r]));
    const changes: CycleChange[] = [];
    let conflicts = 0;
    for (const batch of batches) {
      for (const sample of batch.samples) {
        const change = recordSample(db, current.get(sample.name), sample, policy, now);
        if (change === 'conflict') conflicts++;
        else if (change) changes.push(change);
      }
    }
    for (const batch of batches) {
      if (!batch.family) continue;
      const keep = new Set(batch.known ?? batch.samples.map((s) => s.name));
      for (const row of current.values()) {
        if (!row.checkName.startsWith(batch.family) || keep.has(row.checkName)) continue;
        const retired = retire(db, row, now);
        if (retired) changes.push(retired);
      }
    }
    return { changes, conflicts };
  });
}

function recordSample(
  db: SqliteConn,
  prev: HealthStateRow | undefined,
  sample: CheckSample,
  policy: ThresholdPolicy,
  now: number,
): CycleChange | null | 'conflict' {
  const { next, transition } = stepCheck(prev, sample, policy, now);
  const written = prev ? updateHealthState(db, next, prev.version) : insertHealthState(db, next);
  if (!written) return 'conflict';
  if (!transition) return null;
  const details = { ...(sample.details ?? {}), transition, failStreak: next.failStreak, okStreak: next.okStreak };
  insertHealthTransition(db, { checkName: sample.name, status: sample.status, message: sample.message, value: sample.value ?? null, details, now });
  if (transition === 'down') {
    const outageId = openOutage(db, sample.name, sample.message, now);
    insertHealthAlert(db, `DOWN ${sample.name}: ${sample.message}`, { check: sample.name, state: 'down', outageId, critical: next.critical }, now);
    return { check: sample.name, transition: 'down', message: sample.message, outageId };
  }
  if (transition === 'up') {
    const closed = closeOutage(db, sample.name, now);
    const took = closed ? ` after ${formatDuration(closed.durationMs)}` : '';
    insertHealthAlert(db, `UP ${sample.name}${took}: ${sample.message}`, { check: sample.name, state: 'up', outageId: closed?.id ?? null, durationMs: closed?.durationMs ?? null }, now);
    return { check: sample.name, transition: 'up', message: sample.message, outageId: closed?.id ?? null, ...(closed ? { durationMs: closed.durationMs } : {}) };
  }
  return null;
}

/** A check its source no longer reports (process deleted, session removed): forget it, close its outage. */
function retire(db: SqliteConn, row: HealthStateRow, now: number): CycleChange | null {
  if (!deleteHealthState(db, row.checkName, row.version)) return null;
  const closed = closeOutage(db, row.checkName, now);
  insertHealthTransition(db, { checkName: row.checkName, status: 'ok', message: 'no longer monitored', value: null, details: { transition: 'retired' }, now });
  return { check: row.checkName, transition: 'retired', message: 'no longer monitored', outageId: closed?.id ?? null, ...(closed ? { durationMs: closed.durationMs } : {}) };
}
