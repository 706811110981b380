import type { Alert } from '@architect/db';
import { alertBody } from './alertText';
import { isQuiet, localClock, quietEndsAt, type QuietHours } from './localTime';

export interface AlertPolicy {
  groupWindowMs: number;
  dedupeWindowMinutes: number;
  maxAlertsPerHour: number;
  quietHours?: QuietHours;
  timeZone: string;
  criticalKinds: readonly string[];
}

export interface AlertPlanInput {
  now: number;
  /** Alerts not yet notified, oldest first. */
  pending: readonly Alert[];
  /** Alerts notified within the dedupe window and not acknowledged. */
  recent: readonly Alert[];
  /** Creation times of the alert messages in the last hour, oldest first, and the newest one's kind. */
  sentLastHour: readonly number[];
  lastMessageKind?: string;
}

export interface AlertPlan {
  /** Repeats of an alert that is still on (sent, not acknowledged): settled without a message. */
  dedupedIds: number[];
  send?: { kind: 'alert' | 'alert_cap'; alertIds: number[]; body: string };
  /** Why the remaining alerts wait, for the log. */
  holding?: 'group_window' | 'quiet_hours' | 'hourly_cap';
  /** Earliest time the plan can change (group window end, quiet end, a cap slot freeing). */
  wakeAt?: number;
}

export const ALERT_KINDS = ['alert', 'alert_cap'] as const;
const HOUR = 3_600_000;
const MAX_SEGMENTS = 2;

/** What makes two alerts "the same": kind, session, and the thing they are about. */
export function alertKey(a: Alert): string {
  const d = a.details ?? {};
  const pick = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const about = pick(d.key) ?? (d.check !== undefined ? `${pick(d.check)}:${pick(d.state) ?? ''}` : undefined) ?? pick(d.command) ?? a.message;
  return `${a.kind}|${a.sessionName ?? ''}|${about}`;
}

/** Sent even in quiet hours: configured kinds, severity "critical", a critical health check going down. */
export function isCritical(a: Alert, p: AlertPolicy): boolean {
  const d = a.details ?? {};
  if (p.criticalKinds.includes(a.kind) || d.severity === 'critical') return true;
  return d.critical === true && d.state !== 'up';
}

/**
 * The alert policy, pure (the daemon feeds it rows and a clock): dedupe, then quiet hours
 * (non-critical alerts wait), then the group window from the batch's oldest alert, then the hourly cap —
 * the message that takes the last slot says so, and the alerts held back go out together as one
 * message, with their count, once a slot frees.
 */
export function planAlerts(input: AlertPlanInput, p: AlertPolicy): AlertPlan {
  const { now } = input;
  const seen = new Set(input.recent.map(alertKey));
  const dedupedIds: number[] = [];
  const live: Alert[] = [];
  for (const a of input.pending) {
    const key = alertKey(a);
    if (seen.has(key)) dedupedIds.push(a.id);
    else {
      seen.add(key);
      live.push(a);
    }
  }
  if (live.length === 0) return { dedupedIds };

  let batch = live;
  let quietUntil: number | undefined;
  if (p.quietHours && isQuiet(now, p.quietHours, p.timeZone)) {
    batch = live.filter((a) => isCritical(a, p));
    quietUntil = quietEndsAt(now, p.quietHours, p.timeZone);
    if (batch.length === 0) return { dedupedIds, holding: 'quiet_hours', wakeAt: quietUntil };
  }

  // The window runs from the oldest alert of the batch (not from one held by quiet hours).
  const groupEnds = batch[0]!.createdAt + p.groupWindowMs;
  if (now < groupEnds) return { dedupedIds, holding: 'group_window', wakeAt: groupEnds };

  const used = input.sentLastHour.length;
  if (used >= p.maxAlertsPerHour) {
    const freesAt = input.sentLastHour[used - p.maxAlertsPerHour]! + HOUR;
    return { dedupedIds, holding: 'hourly_cap', wakeAt: freesAt };
  }

  const heldByCap = input.lastMessageKind === 'alert_cap';
  const lastSlot = used === p.maxAlertsPerHour - 1;
  const clock = localClock(now, p.timeZone);
  const header = heldByCap
    ? `Architect ${clock}: ${batch.length} alert${batch.length === 1 ? '' : 's'} since the hourly cap was reached`
    : `Architect ${clock}: ${batch.length === 1 ? 'alert' : `${batch.length} alerts`}`;
  let footer: string | undefined;
  if (lastSlot) {
    const freesAt = (input.sentLastHour[0] ?? now) + HOUR;
    footer = `Hourly cap (${p.maxAlertsPerHour}) reached: further alerts held until ${localClock(freesAt, p.timeZone)}.`;
  }
  const body = alertBody(batch, { header, footer, maxSegments: MAX_SEGMENTS });
  return {
    dedupedIds,
    send: { kind: lastSlot ? 'alert_cap' : 'alert', alertIds: batch.map((a) => a.id), body },
    ...(quietUntil !== undefined && batch.length < live.length ? { holding: 'quiet_hours' as const, wakeAt: quietUntil } : {}),
  };
}
