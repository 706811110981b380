/**
 * Alerts: something a human should know now (an escalated permission request, a session that
 * exited or is stuck, a health change, a prompt moved to lost and found). Any daemon inserts
 * them; the sms-updates daemon turns pending ones (notified_at NULL) into outbox messages.
 */
import type { Db } from '../createDb';
import { immediate } from '../openSqlite';
import { enqueueSmsTx, type NewSmsMessage } from './smsOutbox';

export interface Alert {
  id: number;
  kind: string;
  sessionName: string | null;
  message: string;
  details: Record<string, unknown> | null;
  notifiedAt: number | null;
  acknowledgedAt: number | null;
  smsMessageId: number | null;
  createdAt: number;
}

interface RawAlert {
  id: number;
  kind: string;
  session_name: string | null;
  message: string;
  details: string | null;
  notified_at: number | null;
  acknowledged_at: number | null;
  sms_message_id: number | null;
  created_at: number;
}

function toAlert(r: RawAlert): Alert {
  return {
    id: r.id,
    kind: r.kind,
    sessionName: r.session_name,
    message: r.message,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    notifiedAt: r.notified_at,
    acknowledgedAt: r.acknowledged_at,
    smsMessageId: r.sms_message_id,
    createdAt: r.created_at,
  };
}

export interface NewAlert {
  kind: string;
  session?: string | null;
  message: string;
  details?: Record<string, unknown>;
  now: number;
}

/** Insert an alert; call inside the transaction of the state change it reports. */
export function insertAlertTx(db: Db, a: NewAlert): number {
  const res = db.sqlite
    .prepare('INSERT INTO alerts (kind, session_name, message, details, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(a.kind, a.session ?? null, a.message, a.details ? JSON.stringify(a.details) : null, a.now);
  return Number(res.lastInsertRowid);
}

/** Alerts not yet turned into a message, oldest first. */
export function pendingAlerts(db: Db, limit = 500): Alert[] {
  return (db.sqlite.prepare('SELECT * FROM alerts WHERE notified_at IS NULL ORDER BY id LIMIT ?').all(limit) as RawAlert[]).map(toAlert);
}

/**
 * Alerts SENT (in an outbox message) since `since` and not acknowledged: what dedupe compares new
 * ones against. Repeats it settled do not count, so a condition that lasts is re-sent once per
 * window as a reminder, and at once after the user acknowledged it.
 */
export function recentlyNotifiedAlerts(db: Db, since: number): Alert[] {
  return (
    db.sqlite
      .prepare('SELECT * FROM alerts WHERE notified_at >= ? AND sms_message_id IS NOT NULL AND acknowledged_at IS NULL ORDER BY id')
      .all(since) as RawAlert[]
  ).map(toAlert);
}

export function listAlerts(db: Db, opts: { limit?: number; unacknowledged?: boolean } = {}): Alert[] {
  const where = opts.unacknowledged ? 'WHERE acknowledged_at IS NULL' : '';
  return (db.sqlite.prepare(`SELECT * FROM alerts ${where} ORDER BY id DESC LIMIT ?`).all(opts.limit ?? 50) as RawAlert[]).map(toAlert);
}

export function getAlert(db: Db, id: number): Alert | undefined {
  const r = db.sqlite.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as RawAlert | undefined;
  return r && toAlert(r);
}

/** Acknowledge (CAS on acknowledged_at NULL): false when already acknowledged or absent. */
export function ackAlert(db: Db, id: number, now: number): boolean {
  return db.sqlite.prepare('UPDATE alerts SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL').run(now, id).changes === 1;
}

export interface AlertDispatch {
  /** The outbox message carrying `sentIds`; absent when only deduplicated alerts are settled. */
  message?: Omit<NewSmsMessage, 'alertIds' | 'now'>;
  sentIds: readonly number[];
  /** Repeats of an alert already sent: marked notified with no message. */
  dedupedIds: readonly number[];
  now: number;
}

class AlertRaced extends Error {}

/**
 * One transaction: the outbox row is created and every alert it carries is marked notified by
 * compare-and-swap (notified_at IS NULL). If another process settled any of them first, nothing is
 * written and null comes back, so an alert is never in two messages.
 */
export function dispatchAlerts(db: Db, d: AlertDispatch): { smsId: number | null } | null {
  try {
    return immediate(db, () => {
      const smsId = d.message && d.sentIds.length ? enqueueSmsTx(db, { ...d.message, alertIds: d.sentIds, now: d.now }) : null;
      const mark = db.sqlite.prepare('UPDATE alerts SET notified_at = ?, sms_message_id = ? WHERE id = ? AND notified_at IS NULL');
      for (const id of d.sentIds) if (mark.run(d.now, smsId, id).changes !== 1) throw new AlertRaced();
      for (const id of d.dedupedIds) if (mark.run(d.now, null, id).changes !== 1) throw new AlertRaced();
      return { smsId };
    });
  } catch (err) {
    if (err instanceof AlertRaced) return null;
    throw err;
  }
}
