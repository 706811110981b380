/**
 * The SMS outbox (SPEC §7). Every message is a row before anything is sent; a sender claims a
 * row by compare-and-swap (pending → sending), sends OUTSIDE any transaction, then records the
 * outcome by another CAS on (id, status 'sending', attempts) — the claim's fencing token.
 *
 * At most once: Twilio's Messages API has no idempotency key, so a row caught in `sending` by a
 * crash cannot be known sent or not. `markInterrupted` turns it into `unknown` and it is never
 * sent again; a lost message is better than a duplicate text at 3 a.m. A retryable error (5xx,
 * timeout) goes back to pending with a backoff; `attempts` bounds it.
 */
import type { Db } from '../createDb';
import { immediate } from '../openSqlite';
import type { SmsStatus } from '../schema/ops';

export interface SmsMessage {
  id: number;
  kind: string;
  body: string;
  recipients: string[];
  transport: string | null;
  status: SmsStatus;
  sid: string | null;
  delivered: Record<string, string>;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: number;
  claimedBy: string | null;
  alertIds: number[] | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

interface RawSms {
  id: number;
  kind: string;
  body: string;
  recipients: string;
  transport: string | null;
  status: SmsStatus;
  sid: string | null;
  delivered: string | null;
  error: string | null;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number;
  claimed_by: string | null;
  alert_ids: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

function toMessage(r: RawSms): SmsMessage {
  return {
    id: r.id,
    kind: r.kind,
    body: r.body,
    recipients: JSON.parse(r.recipients) as string[],
    transport: r.transport,
    status: r.status,
    sid: r.sid,
    delivered: r.delivered ? (JSON.parse(r.delivered) as Record<string, string>) : {},
    error: r.error,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextAttemptAt: r.next_attempt_at,
    claimedBy: r.claimed_by,
    alertIds: r.alert_ids ? (JSON.parse(r.alert_ids) as number[]) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
  };
}

export interface NewSmsMessage {
  kind: string;
  body: string;
  recipients: readonly string[];
  maxAttempts: number;
  alertIds?: readonly number[];
  now: number;
}

/** Insert a pending row (callable inside a caller's transaction). */
export function enqueueSmsTx(db: Db, m: NewSmsMessage): number {
  const res = db.sqlite
    .prepare(
      `INSERT INTO sms_messages (kind, body, recipients, max_attempts, alert_ids, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(m.kind, m.body, JSON.stringify(m.recipients), m.maxAttempts, m.alertIds ? JSON.stringify(m.alertIds) : null, m.now, m.now, m.now);
  return Number(res.lastInsertRowid);
}

/**
 * Enqueue unless a row of the same kind was created after `since` (checked and written under one
 * write lock): the hourly status is queued once per interval however many processes ask.
 */
export function enqueueSmsUnlessSince(db: Db, since: number, m: NewSmsMessage): number | null {
  return immediate(db, () => {
    const recent = db.sqlite.prepare('SELECT 1 FROM sms_messages WHERE kind = ? AND created_at > ? LIMIT 1').get(m.kind, since);
    return recent ? null : enqueueSmsTx(db, m);
  });
}

const CLAIM_SET = `status = 'sending', attempts = attempts + 1, claimed_by = @by, transport = @transport, updated_at = @now`;

/** Take the oldest due pending row, or undefined. One statement: two senders never take the same row. */
export function claimSms(db: Db, a: { by: string; transport: string; now: number }): SmsMessage | undefined {
  const r = db.sqlite
    .prepare(
      `UPDATE sms_messages SET ${CLAIM_SET}
       WHERE id = (SELECT id FROM sms_messages WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY id LIMIT 1)
         AND status = 'pending'
       RETURNING *`,
    )
    .get(a) as RawSms | undefined;
  return r && toMessage(r);
}

/** Claim one given row if it is still pending (the CLI's `sms test` sends its own message). */
export function claimSmsById(db: Db, id: number, a: { by: string; transport: string; now: number }): SmsMessage | undefined {
  const r = db.sqlite
    .prepare(`UPDATE sms_messages SET ${CLAIM_SET} WHERE id = @id AND status = 'pending' RETURNING *`)
    .get({ ...a, id }) as RawSms | undefined;
  return r && toMessage(r);
}

type Claim = Pick<SmsMessage, 'id' | 'attempts'>;
const OWNED = `id = @id AND status = 'sending' AND attempts = @attempts`;

export function markSmsSent(db: Db, c: Claim, a: { sid: string | null; now: number }): boolean {
  return (
    db.sqlite
      .prepare(`UPDATE sms_messages SET status = 'sent', sid = @sid, error = NULL, sent_at = @now, updated_at = @now WHERE ${OWNED}`)
      .run({ id: c.id, attempts: c.attempts, sid: a.sid, now: a.now }).changes === 1
  );
}

/** One recipient got it: recorded at once, so a retry after a later recipient's error skips this one. */
export function recordSmsDelivered(db: Db, c: Claim, a: { to: string; sid: string | null; now: number }): boolean {
  return (
    db.sqlite
      .prepare(
        `UPDATE sms_messages SET delivered = json_set(coalesce(delivered, '{}'), '$."' || @to || '"', @sid), updated_at = @now WHERE ${OWNED}`,
      )
      .run({ id: c.id, attempts: c.attempts, to: a.to, sid: a.sid ?? '', now: a.now }).changes === 1
  );
}

/** A permanent error (4xx, bad number, no transport): failed for good. */
export function markSmsFailed(db: Db, c: Claim, a: { error: string; now: number }): boolean {
  return (
    db.sqlite
      .prepare(`UPDATE sms_messages SET status = 'failed', error = @error, updated_at = @now WHERE ${OWNED}`)
      .run({ id: c.id, attempts: c.attempts, error: a.error, now: a.now }).changes === 1
  );
}

/** A retryable error: back to pending at `retryAt`, or failed once attempts reach max_attempts. */
export function retrySmsLater(db: Db, c: Claim, a: { error: string; retryAt: number; now: number }): 'retry' | 'failed' | 'lost' {
  const r = db.sqlite
    .prepare(
      `UPDATE sms_messages
       SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
           error = @error, next_attempt_at = @retryAt, updated_at = @now
       WHERE ${OWNED} RETURNING status`,
    )
    .get({ id: c.id, attempts: c.attempts, error: a.error, retryAt: a.retryAt, now: a.now }) as { status: SmsStatus } | undefined;
  if (!r) return 'lost';
  return r.status === 'failed' ? 'failed' : 'retry';
}

/**
 * Give a claimed row back (graceful stop between two recipients): pending again with the claim
 * un-counted. Recipients already in `delivered` stay recorded and are skipped next time.
 */
export function releaseSms(db: Db, c: Claim, now: number): boolean {
  return (
    db.sqlite
      .prepare(`UPDATE sms_messages SET status = 'pending', attempts = attempts - 1, claimed_by = NULL, updated_at = @now WHERE ${OWNED}`)
      .run({ id: c.id, attempts: c.attempts, now }).changes === 1
  );
}

export const INTERRUPTED_ERROR = 'interrupted mid-send; not sent again (Twilio has no idempotency key, so delivery is at most once)';

/**
 * Rows left in `sending` by a sender that died: those claimed by `ownerPrefix` (the daemon, at its
 * start: a single instance, so any such row is a previous life's) and any idle past `staleMs`
 * (a CLI that died mid-send). They become `unknown`, never pending again.
 */
export function markInterruptedSms(db: Db, a: { ownerPrefix?: string; staleMs: number; now: number }): number[] {
  const rows = db.sqlite
    .prepare(
      `UPDATE sms_messages SET status = 'unknown', error = @error, updated_at = @now
       WHERE status = 'sending' AND ((@prefix IS NOT NULL AND claimed_by LIKE @prefix || '%') OR updated_at < @now - @staleMs)
       RETURNING id`,
    )
    .all({ error: INTERRUPTED_ERROR, now: a.now, prefix: a.ownerPrefix ?? null, staleMs: a.staleMs }) as { id: number }[];
  return rows.map((r) => r.id);
}

export function getSms(db: Db, id: number): SmsMessage | undefined {
  const r = db.sqlite.prepare('SELECT * FROM sms_messages WHERE id = ?').get(id) as RawSms | undefined;
  return r && toMessage(r);
}

export function listSms(db: Db, limit = 50): SmsMessage[] {
  return (db.sqlite.prepare('SELECT * FROM sms_messages ORDER BY id DESC LIMIT ?').all(limit) as RawSms[]).map(toMessage);
}

/** When the next pending row becomes due (for the sender's sleep), or undefined. */
export function nextSmsDueAt(db: Db): number | undefined {
  const r = db.sqlite.prepare("SELECT min(next_attempt_at) AS t FROM sms_messages WHERE status = 'pending'").get() as { t: number | null };
  return r.t ?? undefined;
}

/** Outbox rows of these kinds created after `since`, oldest first (the hourly cap's window). */
export function smsCreatedSince(db: Db, kinds: readonly string[], since: number): { createdAt: number; kind: string }[] {
  return (
    db.sqlite
      .prepare('SELECT created_at, kind FROM sms_messages WHERE created_at > ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY created_at, id')
      .all(since, JSON.stringify(kinds)) as { created_at: number; kind: string }[]
  ).map((r) => ({ createdAt: r.created_at, kind: r.kind }));
}

/** The newest row of a kind (the status schedule resumes from it after a restart). */
export function lastSmsOfKind(db: Db, kind: string): SmsMessage | undefined {
  const r = db.sqlite.prepare('SELECT * FROM sms_messages WHERE kind = ? ORDER BY id DESC LIMIT 1').get(kind) as RawSms | undefined;
  return r && toMessage(r);
}
