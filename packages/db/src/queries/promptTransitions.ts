/**
 * Every state change of a prompt is one synchronous BEGIN IMMEDIATE transaction that moves the
 * row from the state it was read in (compare-and-swap), writes the assignment_history row, and
 * updates whatever depends on it — the session's current_prompt_id, its counters, the file locks,
 * lost_and_found — so none of them can disagree with the history.
 */
import { immediate, type Db } from '../createDb';
import { addHistory, toPrompt, type DeliveryStep, type PromptRow, type RawPrompt } from './prompts';
import { acquireLocksTx, releasePromptLocksTx } from './locks';
import { recordAttemptFailureTx, recordCompletionTx, clearCurrentPromptTx } from './sessionCounters';
import { insertAlertTx } from './alerts';
import { attemptReasonsTx, type AttemptFailure } from './lostAndFound';
import { recordPromptInteraction, type PromptInteraction } from './promptInteractions';

export type ClaimResult =
  | { ok: true; prompt: PromptRow }
  | { ok: false; reason: 'prompt_taken' | 'session_unavailable' }
  | { ok: false; reason: 'locked'; conflict: { path: string; heldPath: string; heldBy: string; lockId: number } };

/**
 * pending → assigned for `session`: counts the attempt, points the session at the prompt and
 * takes the prompt's file locks, all or nothing.
 */
export function claimPrompt(db: Db, a: { promptId: number; session: string; now: number; lockTtlMs: number }): ClaimResult {
  return immediate(db, (): ClaimResult => {
    const raw = db.sqlite.prepare("SELECT * FROM prompts WHERE id = ? AND status = 'pending'").get(a.promptId) as RawPrompt | undefined;
    if (!raw) return { ok: false, reason: 'prompt_taken' };
    const free = db.sqlite
      .prepare("SELECT 1 FROM sessions WHERE name = ? AND managed = 1 AND state != 'gone' AND current_prompt_id IS NULL")
      .get(a.session);
    if (!free) return { ok: false, reason: 'session_unavailable' };
    const prompt = toPrompt(raw);
    const locks = acquireLocksTx(db, { promptId: a.promptId, session: a.session, paths: prompt.lockPaths, now: a.now, ttlMs: a.lockTtlMs });
    if (!locks.ok) return { ok: false, reason: 'locked', conflict: locks.conflict };
    const updated = db.sqlite
      .prepare(
        `UPDATE prompts SET status = 'assigned', assigned_session = ?, attempts = attempts + 1, assigned_at = ?,
           started_at = NULL, delivery = NULL, updated_at = ?
         WHERE id = ? AND status = 'pending' RETURNING *`,
      )
      .get(a.session, a.now, a.now, a.promptId) as RawPrompt;
    db.sqlite
      .prepare('UPDATE sessions SET current_prompt_id = ?, updated_at = ? WHERE name = ? AND current_prompt_id IS NULL')
      .run(a.promptId, a.now, a.session);
    addHistory(db, a.promptId, a.session, 'assigned', { attempt: updated.attempts, locks: prompt.lockPaths }, a.now);
    return { ok: true, prompt: toPrompt(updated) };
  });
}

/**
 * Records where delivery stands BEFORE the risky step it names, so a restarted assigner knows
 * what may already be on the screen. CAS on the previous step.
 */
export function setDelivery(
  db: Db,
  a: { promptId: number; session: string; from: DeliveryStep | null; to: Exclude<DeliveryStep, 'submitted'>; now: number; details?: Record<string, unknown> },
): boolean {
  return immediate(db, () => {
    const r = db.sqlite
      .prepare(
        `UPDATE prompts SET delivery = ?, updated_at = ?
         WHERE id = ? AND status = 'assigned' AND assigned_session = ? AND delivery IS ?`,
      )
      .run(a.to, a.now, a.promptId, a.session, a.from);
    if (r.changes !== 1) return false;
    addHistory(db, a.promptId, a.session, a.to, a.details ?? null, a.now);
    return true;
  });
}

/**
 * assigned → in_progress: the agent took the prompt (turned busy, hook fired, or the text left
 * the composer). The delivery's `interactions` row is written in the same transaction.
 */
export function markSubmitted(
  db: Db,
  a: { promptId: number; session: string; now: number; via: string; details?: Record<string, unknown>; screenHash?: string | null },
): boolean {
  return immediate(db, () => {
    const r = db.sqlite
      .prepare(
        `UPDATE prompts SET status = 'in_progress', delivery = 'submitted', started_at = ?, updated_at = ?
         WHERE id = ? AND status = 'assigned' AND assigned_session = ?`,
      )
      .run(a.now, a.now, a.promptId, a.session);
    if (r.changes !== 1) return false;
    addHistory(db, a.promptId, a.session, 'submitted', { via: a.via, ...a.details }, a.now);
    const interaction: PromptInteraction = {
      session: a.session,
      promptId: a.promptId,
      kind: 'prompt_delivered',
      via: a.via,
      outcome: 'submitted',
      screenHash: a.screenHash ?? null,
      details: a.details ?? {},
      now: a.now,
    };
    recordPromptInteraction(db, interaction);
    return true;
  });
}

/** → completed, with the session's counters, in one transaction. */
export function completePrompt(db: Db, a: { promptId: number; session: string; now: number; response: string | null; via: string }): boolean {
  return immediate(db, () => {
    const row = db.sqlite
      .prepare(
        `UPDATE prompts SET status = 'completed', response = ?, error = NULL, completed_at = ?, updated_at = ?
         WHERE id = ? AND status IN ('assigned','in_progress') AND assigned_session = ?
         RETURNING assigned_at, attempts`,
      )
      .get(a.response, a.now, a.now, a.promptId, a.session) as { assigned_at: number | null; attempts: number } | undefined;
    if (!row) return false;
    const durationMs = Math.max(0, a.now - (row.assigned_at ?? a.now));
    recordCompletionTx(db, a.session, a.promptId, durationMs, a.now);
    releasePromptLocksTx(db, a.promptId);
    addHistory(db, a.promptId, a.session, 'completed', { attempt: row.attempts, durationMs, via: a.via }, a.now);
    return true;
  });
}

export type FailOutcome = 'requeued' | 'failed' | 'noop';

/**
 * One attempt ended badly (timeout, session died, delivery broke). The session's failed_count
 * moves with it. Below max_attempts the prompt goes back to pending (after `retryDelayMs`);
 * at max_attempts it fails and is copied to lost_and_found with the reason of every attempt.
 */
export function failAttempt(
  db: Db,
  a: { promptId: number; session: string; now: number; action: AttemptFailure; reason: string; retryDelayMs?: number },
): FailOutcome {
  return immediate(db, (): FailOutcome => {
    const raw = db.sqlite
      .prepare("SELECT * FROM prompts WHERE id = ? AND status IN ('assigned','in_progress') AND assigned_session = ?")
      .get(a.promptId, a.session) as RawPrompt | undefined;
    if (!raw) return 'noop';
    recordAttemptFailureTx(db, a.session, a.promptId, a.now);
    releasePromptLocksTx(db, a.promptId);
    addHistory(db, a.promptId, a.session, a.action, { attempt: raw.attempts, reason: a.reason }, a.now);
    if (raw.attempts >= raw.max_attempts) {
      db.sqlite
        .prepare(
          `UPDATE prompts SET status = 'failed', error = ?, completed_at = ?, updated_at = ?
           WHERE id = ? AND status IN ('assigned','in_progress')`,
        )
        .run(a.reason, a.now, a.now, a.promptId);
      const reasons = attemptReasonsTx(db, a.promptId);
      db.sqlite
        .prepare(
          `INSERT INTO lost_and_found (prompt_id, content, attempts, reasons, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(prompt_id) DO UPDATE SET attempts = excluded.attempts, reasons = excluded.reasons, created_at = excluded.created_at`,
        )
        .run(a.promptId, raw.content, raw.attempts, JSON.stringify(reasons), a.now);
      addHistory(db, a.promptId, a.session, 'failed', { attempts: raw.attempts, reason: a.reason }, a.now);
      // In the same transaction: a lost prompt always reaches a human (SMS, dashboard).
      insertAlertTx(db, {
        kind: 'prompt_lost',
        session: a.session,
        message: `prompt #${a.promptId} moved to lost and found after ${raw.attempts} attempts (${a.reason})`,
        details: { key: `prompt:${a.promptId}`, promptId: a.promptId, attempts: raw.attempts, reason: a.reason },
        now: a.now,
      });
      return 'failed';
    }
    db.sqlite
      .prepare(
        `UPDATE prompts SET status = 'pending', assigned_session = NULL, delivery = NULL, assigned_at = NULL, started_at = NULL,
           error = ?, not_before = ?, updated_at = ?
         WHERE id = ? AND status IN ('assigned','in_progress')`,
      )
      .run(a.reason, a.now + (a.retryDelayMs ?? 0), a.now, a.promptId);
    addHistory(db, a.promptId, null, 'requeued', { after: a.action, attempt: raw.attempts }, a.now);
    return 'requeued';
  });
}

/**
 * assigned → pending without counting the attempt: nothing reached the agent (it turned busy
 * before we typed, or a restart found the text never submitted). `allowed` lists the delivery
 * steps at which the caller knows this to be true.
 */
export function releasePrompt(
  db: Db,
  a: { promptId: number; session: string; now: number; reason: string; allowed: (DeliveryStep | null)[] },
): boolean {
  return immediate(db, () => {
    const raw = db.sqlite
      .prepare("SELECT delivery FROM prompts WHERE id = ? AND status = 'assigned' AND assigned_session = ?")
      .get(a.promptId, a.session) as { delivery: DeliveryStep | null } | undefined;
    if (!raw || !a.allowed.includes(raw.delivery)) return false;
    db.sqlite
      .prepare(
        `UPDATE prompts SET status = 'pending', assigned_session = NULL, delivery = NULL, assigned_at = NULL,
           attempts = max(0, attempts - 1), updated_at = ?
         WHERE id = ? AND status = 'assigned'`,
      )
      .run(a.now, a.promptId);
    clearCurrentPromptTx(db, a.session, a.promptId, a.now);
    releasePromptLocksTx(db, a.promptId);
    addHistory(db, a.promptId, a.session, 'released', { reason: a.reason, delivery: raw.delivery }, a.now);
    return true;
  });
}

export type CancelResult = { ok: true; previous: string; session: string | null } | { ok: false; status: string | null };

/**
 * pending | assigned | in_progress → cancelled. An agent already working on it is not
 * interrupted (no key is ever typed into a busy agent); its session is simply freed.
 */
export function cancelPrompt(db: Db, id: number, now: number, by = 'cli'): CancelResult {
  return immediate(db, (): CancelResult => {
    const raw = db.sqlite.prepare('SELECT status, assigned_session FROM prompts WHERE id = ?').get(id) as
      | { status: string; assigned_session: string | null }
      | undefined;
    if (!raw || !['pending', 'assigned', 'in_progress'].includes(raw.status)) return { ok: false, status: raw?.status ?? null };
    db.sqlite
      .prepare("UPDATE prompts SET status = 'cancelled', completed_at = ?, updated_at = ? WHERE id = ? AND status = ?")
      .run(now, now, id, raw.status);
    if (raw.assigned_session) clearCurrentPromptTx(db, raw.assigned_session, id, now);
    releasePromptLocksTx(db, id);
    addHistory(db, id, raw.assigned_session, 'cancelled', { by, from: raw.status }, now);
    return { ok: true, previous: raw.status, session: raw.assigned_session };
  });
}

export type RetryResult = { ok: true } | { ok: false; status: string | null };

/** failed | cancelled → pending with a fresh set of attempts; it leaves lost_and_found. */
export function retryPrompt(db: Db, id: number, now: number, by = 'cli'): RetryResult {
  return immediate(db, (): RetryResult => {
    const raw = db.sqlite.prepare('SELECT status FROM prompts WHERE id = ?').get(id) as { status: string } | undefined;
    if (!raw || (raw.status !== 'failed' && raw.status !== 'cancelled')) return { ok: false, status: raw?.status ?? null };
    db.sqlite
      .prepare(
        `UPDATE prompts SET status = 'pending', attempts = 0, assigned_session = NULL, delivery = NULL, response = NULL,
           error = NULL, not_before = NULL, assigned_at = NULL, started_at = NULL, completed_at = NULL, updated_at = ?
         WHERE id = ? AND status = ?`,
      )
      .run(now, id, raw.status);
    db.sqlite.prepare('DELETE FROM lost_and_found WHERE prompt_id = ?').run(id);
    addHistory(db, id, null, 'retried', { by, from: raw.status }, now);
    return { ok: true };
  });
}
