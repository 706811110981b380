/**
 * A prompt left `assigned` by a process that died mid-delivery. `delivery` says how far it got;
 * the session's screen and hooks say what happened since. The rule that overrides all others:
 * text that may have been submitted is never typed again. Table (also in docs/assigner.md):
 *
 *   delivery | evidence                                   | action
 *   ---------+--------------------------------------------+-------------------------------------------
 *   null     | —                                          | release, uncounted (nothing was typed)
 *   any      | UserPromptSubmit hook with our text        | in_progress (submitted)
 *   any      | screen busy or a permission dialog (and    | in_progress (the agent works on it)
 *            |   not our own text waiting in the composer) |
 *   typing   | idle, composer holds text                  | clear it (Ctrl-U), release uncounted; if it
 *            |                                            |   will not clear: failed attempt
 *   typing   | idle, composer empty                       | release, uncounted (no Enter was ever sent)
 *   typed    | idle, composer holds text                  | press Enter and read back (finishes the
 *            |                                            |   delivery; the text is not typed again)
 *   typed    | idle, empty, session reports hooks,        | release, uncounted (a submit would have
 *            |   no UserPromptSubmit                      |   fired the hook before the turn ran)
 *   typed    | idle, empty, no hooks                      | in_progress "assumed": it may have been
 *            |                                            |   taken and finished while we were down
 *   any      | screen unknown / unreadable                | decide on a later tick (timeout still runs)
 *
 * Rows judged from an idle screen wait until the step is RECONCILE_GRACE_MS old.
 */
import type { Db, PromptRow, SessionRow } from '@architect/db';
import { failAttempt, hookEventsAfter, markSubmitted, promptHistory, releasePrompt, stripTerminalControls } from '@architect/db';
import { TmuxSessionGoneError } from '@architect/tmux';
import { clearComposer } from './clearComposer';
import { confirmSubmission, submittedByHook, type DeliveryDeps } from './deliverPrompt';
import { holdsDraft, lookAtSession } from './lookAtSession';

/**
 * A step younger than this is not judged from the screen: the dead process's last tmux client
 * (send-keys, paste-buffer, Enter) outlives it and may still land, and a loaded agent may not
 * have drawn keys it already received. Positive evidence (a hook, a busy screen) needs no wait.
 */
export const RECONCILE_GRACE_MS = 3000;

export type ReconcileOutcome =
  | 'released'
  | 'submitted'
  | 'entered'
  | 'requeued'
  | 'undecided'
  | 'lost';

/** Where the interrupted delivery stood: the hook mark and time of its `typing` / `typed` steps. */
export function deliveryMarks(db: Db, promptId: number): { hookMark: number; typingAt: number | null; typedAt: number | null } {
  const history = promptHistory(db, promptId);
  let start = -1;
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i]!.action === 'assigned') {
      start = i;
      break;
    }
  }
  const attempt = history.slice(start + 1);
  const typing = attempt.find((h) => h.action === 'typing');
  const typed = attempt.find((h) => h.action === 'typed');
  const mark = typing?.details?.hookMark;
  return { hookMark: typeof mark === 'number' ? mark : 0, typingAt: typing?.createdAt ?? null, typedAt: typed?.createdAt ?? null };
}

/** True when this session's agent is known to run Architect's hooks (so a missing hook means something). */
export function sessionReportsHooks(db: Db, session: SessionRow): boolean {
  if (session.hookSessionId) return true;
  return hookEventsAfter(db, 0, { session: session.name, limit: 1 }).length > 0;
}

export async function reconcilePrompt(deps: DeliveryDeps, prompt: PromptRow, session: SessionRow): Promise<ReconcileOutcome> {
  const { db, clock, log } = deps;
  const ids = { promptId: prompt.id, session: session.name };
  const now = clock.now();
  if (prompt.delivery === null) {
    return releasePrompt(db, { ...ids, now, reason: 'reconcile: nothing was typed', allowed: [null] }) ? 'released' : 'lost';
  }
  const marks = deliveryMarks(db, prompt.id);
  const text = stripTerminalControls(prompt.content);
  const target = { prompt, session: session.name, provider: session.provider, hookMark: marks.hookMark };
  if (submittedByHook(db, target, text)) return submit(deps, prompt, session.name, 'reconcile:hook');

  let look;
  try {
    look = await lookAtSession(deps, session.name, session.provider);
  } catch (raw) {
    if (raw instanceof TmuxSessionGoneError) return 'undecided'; // the next tick sees the session gone
    throw raw;
  }
  // Our own text visibly waiting in the composer outranks the detector (a multi-line draft can look busy).
  const draft = holdsDraft(look, text);
  if (!draft && (look.state === 'busy' || look.state === 'permission')) return submit(deps, prompt, session.name, `reconcile:screen-${look.state}`);
  const stepAt = marks.typedAt ?? marks.typingAt ?? 0;
  if (clock.now() - stepAt < RECONCILE_GRACE_MS) return 'undecided';
  if (!draft && (look.state !== 'idle' || !look.composer.found)) return 'undecided';
  const hasText = look.composer.text !== '';

  if (prompt.delivery === 'typing') {
    if (hasText && !(await clearComposer(deps, session.name, session.provider, prompt.id, text))) {
      const r = failAttempt(db, { ...ids, now: clock.now(), action: 'delivery_failed', reason: 'reconcile: half-typed text would not clear from the composer', retryDelayMs: 0 });
      return r === 'noop' ? 'lost' : 'requeued';
    }
    const reason = hasText ? 'reconcile: half-typed text cleared' : 'reconcile: composer empty, Enter never sent';
    return releasePrompt(db, { ...ids, now: clock.now(), reason, allowed: ['typing'] }) ? 'released' : 'lost';
  }

  // delivery === 'typed': the whole text reached the composer; Enter may or may not have followed.
  if (hasText) {
    log.info(ids, 'reconcile: the whole text waits in the composer; pressing Enter');
    const r = await confirmSubmission(deps, target, { baseline: look, details: { reconciled: true }, started: clock.now() });
    return r.outcome === 'submitted' ? 'entered' : r.outcome === 'requeued' || r.outcome === 'failed' ? 'requeued' : 'lost';
  }
  if (sessionReportsHooks(db, session)) {
    // A real submit fires UserPromptSubmit before the turn runs (the grace above let it land).
    if (submittedByHook(db, target, text)) return submit(deps, prompt, session.name, 'reconcile:hook');
    return releasePrompt(db, { ...ids, now: clock.now(), reason: 'reconcile: typed but never submitted (no hook, composer empty)', allowed: ['typed'] })
      ? 'released'
      : 'lost';
  }
  return submit(deps, prompt, session.name, 'reconcile:assumed');
}

function submit(deps: DeliveryDeps, prompt: PromptRow, session: string, via: string): ReconcileOutcome {
  const ok = markSubmitted(deps.db, { promptId: prompt.id, session, now: deps.clock.now(), via, details: { reconciled: true } });
  if (ok) deps.log.info({ promptId: prompt.id, session, via }, 'reconcile: prompt is with the agent');
  return ok ? 'submitted' : 'lost';
}
