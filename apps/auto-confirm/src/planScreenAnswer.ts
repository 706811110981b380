import { decideRequest, pickApprove, pickDeny, requestFromScreen, type AnswerKeys } from '@architect/approvals';
import type { AutoConfirmConfig, SessionConfig } from '@architect/core';
import { getSession, latestApproval, type Db } from '@architect/db';
import type { CompiledPolicy, PolicyContext } from '@architect/policy';
import type { PermissionPrompt } from '@architect/tmux';

export type ScreenPlan =
  | { kind: 'answer'; outcome: 'approve' | 'deny'; answer: AnswerKeys; rule: string; reason: string }
  | { kind: 'escalate'; rule: string; reason: string; alert: boolean }
  /** A hook may still be deciding this dialog: look again at `untilMs`. */
  | { kind: 'wait'; untilMs: number; reason: string };

export interface PlanInput {
  db: Db;
  policy: CompiledPolicy;
  config: AutoConfirmConfig;
  session: SessionConfig;
  prompt: PermissionPrompt;
  context: PolicyContext;
  /** When this process first saw this dialog. */
  firstSeenAt: number;
  now: number;
}

/** How long a hook-handled session's dialog is given for the hook to answer it before we escalate. */
export const HOOK_GRACE_MS = 1500;

const escalate = (rule: string, reason: string, alert = true): ScreenPlan => ({ kind: 'escalate', rule, reason, alert });

/**
 * What to do about a permission dialog read from the screen. Fails closed: anything we cannot
 * read exactly, or answer with the single-use option, escalates.
 *
 * Sessions whose Claude Code hooks report to us are answered by the hook on the exact tool input;
 * a dialog still showing there means the hook escalated (or could not decide in time), so the
 * screen path never approves it — it escalates, alerting only when the hook has not already.
 */
export function planScreenAnswer(input: PlanInput): ScreenPlan {
  const { db, session, prompt, now } = input;
  // Trust, plan approval, a question, a usage-limit or login menu: no rule, hook or kill switch
  // state makes these ours to answer. Escalate at once (no hook grace: hooks never see them).
  if (prompt.humanNeeded !== undefined) {
    return escalate(`screen:human-needed:${prompt.humanNeeded}`, `a human must answer: ${prompt.command}`);
  }
  const hookEvidence = hookHandled(db, session, now - input.config.hookEscalationWindowMs);
  if (hookEvidence) {
    // The hook already alerted for this very request; a different one it never saw gets its own alert.
    if (hookEvidence.escalated !== undefined && sameRequest(hookEvidence.escalated, prompt.command)) {
      return escalate('hook:escalated', 'the hook escalated this request', false);
    }
    if (now < input.firstSeenAt + HOOK_GRACE_MS) return { kind: 'wait', untilMs: input.firstSeenAt + HOOK_GRACE_MS, reason: 'hook may still answer' };
    return escalate('hook:no-decision', 'the session has hooks but the dialog stayed open (hook failed or timed out)');
  }
  if (!prompt.complete) return escalate('screen:incomplete', 'the request on screen is cut off or wrapped ambiguously');
  const mapped = requestFromScreen(prompt);
  if (!mapped.ok) return escalate('screen:unreadable', mapped.reason);
  const decision = decideRequest({
    db,
    policy: input.policy,
    config: input.config,
    session: session.name,
    request: mapped.request,
    context: input.context,
    now,
  });
  if (decision.outcome === 'escalate') return escalate(decision.rule, decision.reason);
  const choice = decision.outcome === 'approve' ? pickApprove(prompt) : pickDeny(prompt);
  if (!choice.ok) return escalate(`screen:options`, `${decision.outcome} by ${decision.rule}, but ${choice.reason}`);
  return { kind: 'answer', outcome: decision.outcome, answer: choice.answer, rule: decision.rule, reason: decision.reason };
}

/**
 * Whether Claude Code hooks answer this session's permission requests: a Claude session with
 * hooks on whose hooks have reported since it started (hook_session_id is cleared when a session
 * is started again), or whose hook decided a request recently.
 */
function hookHandled(db: Db, session: SessionConfig, since: number): { escalated?: string } | undefined {
  if (session.provider !== 'claude' || !session.hooks) return undefined;
  const recent = latestApproval(db, { session: session.name, since, via: 'hook' });
  if (recent) return recent.outcome === 'escalate' ? { escalated: recent.command ?? '' } : {};
  const row = getSession(db, session.name);
  if (row?.hookSessionId || row?.hookStateAt) return {};
  return undefined;
}

/** The hook's exact input and the screen's reading of it: the same up to whitespace, or a path shown relative. */
function sameRequest(hookCommand: string, screenCommand: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const a = norm(hookCommand);
  const b = norm(screenCommand);
  return a === b || (b.length > 0 && a.endsWith(`/${b}`));
}
