import { toError, type Logger } from '@architect/core';
import { markSmsFailed, markSmsSent, recordSmsDelivered, releaseSms, retrySmsLater, type Db, type SmsMessage } from '@architect/db';
import { SendError, type Transport } from './transports/transport';

export interface DeliverOptions {
  db: Db;
  transport: Transport;
  log: Logger;
  now: () => number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A graceful stop: no new recipient is started; the row goes back to pending. */
  signal?: AbortSignal;
}

export type DeliverOutcome = 'sent' | 'failed' | 'retry' | 'released' | 'lost';

/** The wait before retry number `attempts` (the first retry waits base, then doubles, capped). */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Send one claimed row (status `sending`), outside any transaction, and record the outcome by
 * CAS on the claim. Recipients already in `delivered` are skipped, so a retry after one
 * recipient's 5xx does not text the others twice. 'lost' means the claim was taken from us
 * (marked unknown by a recovery) and nothing was recorded.
 */
export async function deliverClaimed(o: DeliverOptions, m: SmsMessage): Promise<DeliverOutcome> {
  const claim = { id: m.id, attempts: m.attempts };
  const sids: string[] = Object.values(m.delivered).filter(Boolean);
  const targets: (string | null)[] = o.transport.perRecipient ? m.recipients.filter((to) => !(to in m.delivered)) : [null];
  if (o.transport.perRecipient && m.recipients.length === 0) {
    return markSmsFailed(o.db, claim, { error: 'no recipients configured (sms.recipients)', now: o.now() }) ? 'failed' : 'lost';
  }
  for (const to of targets) {
    if (o.signal?.aborted) return releaseSms(o.db, claim, o.now()) ? 'released' : 'lost';
    try {
      const { sid } = await o.transport.send({ id: m.id, kind: m.kind, body: m.body }, to);
      if (sid) sids.push(sid);
      if (to && !recordSmsDelivered(o.db, claim, { to, sid, now: o.now() })) return 'lost';
    } catch (raw) {
      const err = raw instanceof SendError ? raw : new SendError(toError(raw).message, { retryable: false, cause: raw });
      const now = o.now();
      if (!err.retryable) {
        o.log.warn({ smsId: m.id, to, err: err.message }, 'message failed (not retryable)');
        return markSmsFailed(o.db, claim, { error: err.message, now }) ? 'failed' : 'lost';
      }
      const retryAt = now + backoffMs(m.attempts, o.backoffBaseMs, o.backoffMaxMs);
      const r = retrySmsLater(o.db, claim, { error: err.message, retryAt, now });
      o.log.warn({ smsId: m.id, to, attempts: m.attempts, maxAttempts: m.maxAttempts, outcome: r, err: err.message }, 'send failed');
      return r;
    }
  }
  const ok = markSmsSent(o.db, claim, { sid: sids.join(',') || null, now: o.now() });
  if (ok) o.log.info({ smsId: m.id, kind: m.kind, transport: o.transport.name, sids }, 'message sent');
  return ok ? 'sent' : 'lost';
}
