import { ConflictError, NotFoundError, type Clock, type Logger } from '@architect/core';
import { getSession, recordApproval, type ApprovalVia, type Db } from '@architect/db';
import { classifyScreen, type PermissionPrompt, type Provider, type TmuxDriver } from '@architect/tmux';
import { pickApprove, pickDeny } from './answerOption';
import { dialogHash, screenHash } from './dialogIdentity';

/** Busy with no activity for this long: listed as stuck on "needs you" (dashboard and terminal). */
export const STUCK_MS = 15 * 60_000;

export interface LiveDialog {
  session: string;
  provider: string;
  /** The dialog's identity (as auto-confirm computes it): the page sends it back with the answer. */
  dialog: string;
  prompt: PermissionPrompt;
}

/** The permission dialog on a session's screen right now, if any (a fresh capture, never the DB's copy). */
export async function readLiveDialog(db: Db, tmux: TmuxDriver, name: string): Promise<LiveDialog | undefined> {
  const s = getSession(db, name);
  if (!s || !s.managed) throw new NotFoundError('session', name);
  const screen = await tmux.capture(name);
  const cls = classifyScreen(s.provider as Provider, screen);
  if (cls.state !== 'permission' || !cls.prompt) return undefined;
  return { session: name, provider: s.provider, dialog: dialogHash(name, s.provider, cls.prompt), prompt: cls.prompt };
}

export interface AnswerInput {
  session: string;
  decision: 'approve' | 'deny';
  /** The dialog identity the human was shown: a different dialog on screen now is not answered. */
  dialog: string;
  /** Which human interface answered (recorded in `interactions.via`). */
  via: Extract<ApprovalVia, 'dashboard' | 'terminal'>;
}

/**
 * A human's Approve once / Deny from "needs you" (the dashboard's or the terminal UI's). It chooses exactly what auto-confirm would
 * (the single-use "Yes", never "don't ask again"; the plain "No") with the same package code,
 * records the decision in `interactions` before the key (as auto-confirm does, so nothing
 * answers the dialog twice), then presses the key through the tmux driver.
 */
export async function answerDialog(deps: { db: Db; tmux: TmuxDriver; clock: Clock; log: Logger }, a: AnswerInput): Promise<{ option: string; keys: string[] }> {
  const live = await readLiveDialog(deps.db, deps.tmux, a.session);
  if (!live) throw new ConflictError(`session ${a.session} shows no dialog now (it may have been answered)`);
  if (live.dialog !== a.dialog) throw new ConflictError(`the dialog on ${a.session} changed since it was shown; look again`, { expected: a.dialog, actual: live.dialog });
  const choice = a.decision === 'approve' ? pickApprove(live.prompt) : pickDeny(live.prompt);
  if (!choice.ok) throw new ConflictError(`cannot ${a.decision} this dialog: ${choice.reason}`);
  const now = deps.clock.now();
  const screen = await deps.tmux.capture(a.session);
  recordApproval(deps.db, {
    session: a.session,
    outcome: a.decision,
    via: a.via,
    tool: live.prompt.tool,
    command: live.prompt.command,
    rule: 'human',
    screenHash: live.dialog,
    details: { option: choice.answer.label, keys: choice.answer.keys, screen: screenHash(screen) },
    now,
  });
  for (const key of choice.answer.keys) await deps.tmux.sendKey(a.session, key);
  deps.log.info({ session: a.session, via: a.via, decision: a.decision, option: choice.answer.label, command: live.prompt.command }, 'dialog answered by a human');
  return { option: choice.answer.label, keys: choice.answer.keys };
}
