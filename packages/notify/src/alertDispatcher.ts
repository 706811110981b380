import type { Logger } from '@architect/core';
import { dispatchAlerts, pendingAlerts, recentlyNotifiedAlerts, smsCreatedSince, type Db } from '@architect/db';
import { ALERT_KINDS, planAlerts, type AlertPlan, type AlertPolicy } from './alertPlan';

export interface AlertDispatcherOptions {
  db: Db;
  log: Logger;
  policy: AlertPolicy;
  recipients: readonly string[];
  maxAttempts: number;
}

/**
 * Reads the alert rows, asks planAlerts what to do, and applies it in one transaction
 * (dispatchAlerts: outbox row + alerts marked notified by CAS). Safe to run from two processes:
 * the loser's transaction changes nothing.
 */
export class AlertDispatcher {
  constructor(private readonly o: AlertDispatcherOptions) {}

  run(now: number): AlertPlan {
    const { db, policy } = this.o;
    const pending = pendingAlerts(db);
    if (pending.length === 0) return { dedupedIds: [] };
    const recent = policy.dedupeWindowMinutes > 0 ? recentlyNotifiedAlerts(db, now - policy.dedupeWindowMinutes * 60_000) : [];
    const hour = smsCreatedSince(db, ALERT_KINDS, now - 3_600_000);
    const plan = planAlerts(
      { now, pending, recent, sentLastHour: hour.map((r) => r.createdAt), lastMessageKind: hour.at(-1)?.kind },
      policy,
    );
    if (plan.dedupedIds.length === 0 && !plan.send) return plan;
    const res = dispatchAlerts(db, {
      message: plan.send && { kind: plan.send.kind, body: plan.send.body, recipients: this.o.recipients, maxAttempts: this.o.maxAttempts },
      sentIds: plan.send?.alertIds ?? [],
      dedupedIds: plan.dedupedIds,
      now,
    });
    if (!res) {
      this.o.log.info('alerts settled by another process meanwhile; re-planning next pass');
      return { dedupedIds: [] };
    }
    if (plan.send) this.o.log.info({ smsId: res.smsId, alertIds: plan.send.alertIds, kind: plan.send.kind }, 'alerts queued as one message');
    if (plan.dedupedIds.length) this.o.log.info({ alertIds: plan.dedupedIds }, 'repeated alerts not sent again');
    return plan;
  }
}
