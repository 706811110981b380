import type { HealthStateRow } from '@architect/db';
import type { CheckSample } from './sample';

export interface ThresholdPolicy {
  /** Failed samples in a row before a check is down. */
  failuresToDown: number;
  /** Good samples in a row before a down check is up again. */
  successesToUp: number;
}

export type Transition = 'down' | 'up' | 'first' | 'status' | null;

export interface StepResult {
  next: HealthStateRow;
  /**
   * What `health_checks` should record: `down`/`up` when the verdict flips, `first` for a check's
   * first sample, `status` when an up check moves between ok and warn; null for a repeat sample.
   */
  transition: Transition;
}

/**
 * The alerting convention of Healthchecks, Gatus and Alertmanager: one bad sample is noise, N in
 * a row is an outage; recovery likewise needs M good samples so a flapping check does not open and
 * close outages every cycle. A `warn` sample counts as good for the verdict (it is reported, but
 * the thing works). Pure: the caller persists the result.
 */
export function stepCheck(prev: HealthStateRow | undefined, s: CheckSample, policy: ThresholdPolicy, now: number): StepResult {
  const failed = s.status === 'fail';
  const failStreak = failed ? (prev?.failStreak ?? 0) + 1 : 0;
  const okStreak = failed ? 0 : (prev?.okStreak ?? 0) + 1;
  const was = prev?.state ?? 'up';
  let state = was;
  if (was === 'up' && failStreak >= policy.failuresToDown) state = 'down';
  else if (was === 'down' && okStreak >= policy.successesToUp) state = 'up';

  const next: HealthStateRow = {
    checkName: s.name,
    state,
    critical: s.critical ?? false,
    lastStatus: s.status,
    lastMessage: s.message,
    lastValue: s.value ?? null,
    lastDetails: s.details ?? null,
    failStreak,
    okStreak,
    version: prev?.version ?? 0,
    changedAt: state !== was || !prev ? now : prev.changedAt,
    checkedAt: now,
  };
  let transition: Transition = null;
  if (!prev) transition = state === 'down' ? 'down' : 'first';
  else if (state !== was) transition = state;
  else if (state === 'up' && !failed && prev.lastStatus !== 'fail' && prev.lastStatus !== s.status) transition = 'status';
  return { next, transition };
}
