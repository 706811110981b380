import { dialogHash, screenHash } from '@architect/approvals';
import { toError } from '@architect/core';
import { latestApproval, recordApproval, recordEscalation, recordKeyRetry } from '@architect/db';
import type { AgentVerdict } from '@architect/sessions';
import { classifyScreen, TmuxSessionGoneError, type Classification, type PermissionPrompt, type Provider } from '@architect/tmux';
import type { ConfirmerDeps, Episode, Shot } from './confirmerDeps';
import { planScreenAnswer, type ScreenPlan } from './planScreenAnswer';
import { UnknownLayoutEscalation } from './unknownDialog';

export type { ConfirmerDeps, Shot } from './confirmerDeps';

/**
 * A file's mtime comes from the kernel's coarse clock, up to a timer tick (4 ms at 250 Hz, 10 at
 * 100 Hz) before the write: without this margin a key can land just inside the ignore window.
 */
const MTIME_TICK_MS = 10;
/** A re-look soon after a key, in case no change notification arrives. */
const VERIFY_MS = 80;
/** An instance that starts up trusts decisions recorded this recently for the screen it finds. */
const RESTART_MEMORY_MS = 15_000;

/**
 * The screen path for one session: look, classify, decide, press, look again.
 *
 * Answer-once rules: a dialog gets one decision; its key is pressed once, no earlier than the
 * agent's key-ignore window after the screen last changed; if the same dialog is still there a
 * full window after the key (the agent ignored it), the key is pressed ONE more time; if it is
 * still there after that, it is escalated. Anything escalated is left alone for good.
 */
export class SessionConfirmer {
  private episode: Episode | undefined;
  /** Whether this process has looked at the session before (restart memory applies only to the first look). */
  private looked = false;
  /** The hash of the last screen classified: an unchanged screen without a dialog is not read again. */
  private lastHash: string | undefined;
  /** The last screen read showed the agent at work (its frames may be read less often). */
  busy = false;
  /** How long a capture takes (moving average): the look before a key starts this much early. */
  private captureMs = 10;
  readonly name: string;
  private readonly provider: Provider;

  private readonly unknownLayout: UnknownLayoutEscalation;

  constructor(private readonly deps: ConfirmerDeps) {
    this.name = deps.session.name;
    this.unknownLayout = new UnknownLayoutEscalation(deps.db, deps.log, this.name);
    this.provider = deps.session.provider;
  }

  /**
   * One look at the screen — `given` (null: the session is gone), or read now; returns how soon
   * the next look is wanted (undefined: only on change).
   * When nothing was drawn since the last look, the read hands back that same screen, so a key
   * due now goes without another capture.
   */
  async step(given?: Shot | null): Promise<number | undefined> {
    const started = this.deps.clock.now();
    // A screen the observer just read (its event) is looked at as it is: reading again would
    // capture again whenever the pane keeps drawing, and every capture is an event of its own.
    const shot = given === undefined ? await this.deps.read(this.name) : (given ?? undefined);
    const now = this.deps.clock.now();
    if (given === undefined) this.captureMs = Math.min(100, 0.8 * this.captureMs + 0.2 * (now - started));
    if (!shot) {
      this.episode = undefined;
      this.lastHash = undefined;
      this.busy = false;
      return undefined;
    }
    // The same screen as last time, with no dialog on it: nothing to decide (a spinner's frame
    // that came back, or a look asked for by a change signal the observer already read).
    if (!this.episode && shot.hash === this.lastHash) return undefined;
    this.lastHash = shot.hash;
    const cls = this.classify(shot);
    const firstLook = !this.looked;
    this.looked = true;
    if (cls.state !== 'permission' || !cls.prompt) return this.noDialog(cls, shot, now);
    this.unknownLayout.reset();
    const prompt = cls.prompt;
    const id = dialogHash(this.name, this.provider, prompt);
    let ep = this.episode;
    if (!ep || ep.id !== id) ep = this.episode = this.begin(id, now, firstLook ? screenHash(shot.text) : undefined);
    if (ep.status === 'escalated') return undefined;
    if (ep.status === 'answered') return this.afterAnswer(ep, prompt, shot, now);
    return this.decide(ep, prompt, shot, now);
  }

  /**
   * A new screen handed over by the observer, looked at right away when that settles it: no
   * dialog open and none on this screen (what a busy agent's every frame is). False: a step is
   * needed (a dialog on screen or open), and nothing was changed here.
   */
  settles(shot: Shot): boolean {
    if (this.episode) return false;
    if (shot.hash === this.lastHash) return true;
    const cls = this.classify(shot);
    if (cls.state === 'permission' && cls.prompt) return false;
    this.lastHash = shot.hash;
    this.looked = true;
    this.noDialog(cls, shot, this.deps.clock.now());
    return true;
  }

  private classify(shot: Shot): Classification {
    const cls = classifyScreen(this.provider, shot.text, shot.width !== undefined ? { paneWidth: shot.width } : {});
    this.busy = cls.state === 'busy';
    return cls;
  }

  private noDialog(cls: Classification, shot: Shot, now: number): undefined {
    this.episode = undefined;
    // A menu the user opened (detail `…:picker`) is theirs: no question to escalate.
    if (cls.state === 'unknown' && !cls.detail?.endsWith(':picker')) this.unknownLayout.check(shot.text, now);
    else this.unknownLayout.reset();
    return undefined;
  }

  /** `firstScreen`: the whole screen's hash, on this process's first look at the session. */
  private begin(id: string, now: number, firstScreen: string | undefined): Episode {
    const { keyIgnoreMs } = this.deps.config;
    // The pane file's mtime says when the pane last drew — by tmux's pipe, not when this (possibly
    // busy) process got round to it: the dialog was drawn no later, so the ignore window runs from
    // there (a later draw only moves it later, never early). Without pane files, press at once
    // and rely on the single re-press.
    const last = this.deps.lastChange?.(this.name) ?? -Infinity;
    const pressAt = Number.isFinite(last) ? Math.max(now, last + keyIgnoreMs + MTIME_TICK_MS) : now;
    const ep: Episode = { id, firstSeenAt: now, status: 'deciding', pressAt, presses: 0, lastPressAt: 0 };
    if (firstScreen !== undefined) {
      // A previous instance may have decided this very dialog just before it died (or handed
      // over): same dialog, and the whole screen exactly as it saw it — a later request that
      // merely looks the same comes with a different transcript above it.
      const prev = latestApproval(this.deps.db, { session: this.name, since: now - RESTART_MEMORY_MS, via: 'screen', screenHash: id });
      if (prev && prev.details?.screen === firstScreen) {
        if (prev.outcome === 'escalate') ep.status = 'escalated';
        else Object.assign(ep, { status: 'answered', presses: 2, lastPressAt: prev.createdAt });
      }
    }
    return ep;
  }

  private plan(ep: Episode, prompt: PermissionPrompt, now: number): ScreenPlan {
    const { deps } = this;
    return planScreenAnswer({
      db: deps.db,
      policy: deps.policy(),
      config: deps.config,
      session: deps.session,
      prompt,
      context: { cwd: deps.session.cwd, home: deps.home, protectedPaths: deps.protectedPaths },
      firstSeenAt: ep.firstSeenAt,
      now,
    });
  }

  private async decide(ep: Episode, prompt: PermissionPrompt, shot: Shot, now: number): Promise<number | undefined> {
    const plan = this.plan(ep, prompt, now);
    if (plan.kind === 'wait') return plan.untilMs - now;
    if (plan.kind === 'escalate') return this.escalate(ep, prompt, plan, shot, now);
    // Decided, but too early to press: look again just before then (and decide again, with fresh
    // switches), timed so that the look ends about when the key may go.
    if (now < ep.pressAt && this.deps.lastChange) return ep.pressAt - now;
    const lookAt = ep.pressAt - this.captureMs;
    if (now < lookAt) return lookAt - now;
    // The process check (one tmux call, slow on a loaded machine) overlaps the wait for the key
    // rather than delaying it past the agent's ignore window.
    const present = this.agentInForeground(ep);
    if (now < ep.pressAt) await this.deps.clock.sleep(ep.pressAt - now);
    if (!(await present) || !this.deps.holdsLease()) return undefined;
    const at = this.deps.clock.now();
    // Recorded before the key: if we die in between, the next instance sees an answered dialog
    // and never presses a second time on its own.
    ep.decisionId = recordApproval(this.deps.db, {
      session: this.name,
      outcome: plan.outcome,
      via: 'screen',
      tool: prompt.tool,
      command: prompt.command,
      rule: plan.rule,
      screenHash: ep.id,
      details: {
        reason: plan.reason,
        option: plan.answer.label,
        keys: plan.answer.keys,
        toolName: prompt.toolName ?? null,
        screen: screenHash(shot.text),
        msSinceSeen: at - ep.firstSeenAt,
      },
      now: at,
    });
    Object.assign(ep, { status: 'answered', presses: 1, lastPressAt: at });
    await this.press(plan.answer.keys);
    this.deps.log.info(
      { session: this.name, outcome: plan.outcome, rule: plan.rule, option: plan.answer.label, command: prompt.command, msSinceSeen: at - ep.firstSeenAt },
      'permission answered',
    );
    return VERIFY_MS;
  }

  private async afterAnswer(ep: Episode, prompt: PermissionPrompt, shot: Shot, now: number): Promise<number | undefined> {
    const due = ep.lastPressAt + this.deps.config.keyIgnoreMs;
    if (now < due) return Math.min(due - now, VERIFY_MS * 2);
    if (ep.presses >= 2) {
      return this.escalate(ep, prompt, { kind: 'escalate', rule: 'screen:unanswered', reason: 'the dialog stayed open after its answer was sent twice', alert: true }, shot, now);
    }
    // The agent ignored the key (it ignores keys for a moment after drawing a dialog). Decide again
    // — the kill switch may have been flipped meanwhile — and press once more for this dialog.
    const plan = this.plan(ep, prompt, now);
    if (plan.kind === 'wait') return plan.untilMs - now;
    if (plan.kind === 'escalate') return this.escalate(ep, prompt, plan, shot, now);
    if (!this.deps.holdsLease() || !(await this.agentInForeground(ep))) return undefined;
    recordKeyRetry(this.deps.db, { session: this.name, screenHash: ep.id, keys: plan.answer.keys, ...(ep.decisionId !== undefined ? { decisionId: ep.decisionId } : {}), now });
    Object.assign(ep, { presses: 2, lastPressAt: now });
    await this.press(plan.answer.keys);
    this.deps.log.warn({ session: this.name, keys: plan.answer.keys }, 'dialog still open after the key; pressed once more');
    return VERIFY_MS;
  }

  private escalate(ep: Episode, prompt: PermissionPrompt, plan: Extract<ScreenPlan, { kind: 'escalate' }>, shot: Shot, now: number): undefined {
    ep.status = 'escalated';
    recordEscalation(this.deps.db, {
      session: this.name,
      outcome: 'escalate',
      via: 'screen',
      tool: prompt.tool,
      command: prompt.command,
      rule: plan.rule,
      reason: plan.reason,
      screenHash: ep.id,
      alert: plan.alert,
      permission: { via: 'screen', tool: prompt.tool, command: prompt.command, options: prompt.options, complete: prompt.complete },
      details: { reason: plan.reason, options: prompt.options, complete: prompt.complete, screen: screenHash(shot.text) },
      now,
    });
    this.deps.log.warn({ session: this.name, rule: plan.rule, reason: plan.reason, command: prompt.command }, 'permission escalated');
    return undefined;
  }

  /**
   * Whether the session's agent is the pane's foreground process right now. When it is not (or
   * the check fails) nothing is pressed and the episode is forgotten: the screen is a leftover,
   * the watcher records the session `exited`, and a new look decides afresh if the agent returns.
   */
  private async agentInForeground(ep: Episode): Promise<boolean> {
    if (!this.deps.checkAgent) return true;
    let verdict: AgentVerdict | undefined;
    try {
      verdict = await this.deps.checkAgent();
    } catch (raw) {
      if (this.episode === ep) this.episode = undefined;
      // A vanished session has nothing to press; any other failure is no proof the agent is there.
      if (!(raw instanceof TmuxSessionGoneError)) this.deps.log.warn({ err: toError(raw), session: this.name }, 'process check failed; not pressing');
      return false;
    }
    if (!verdict || verdict.agent) return true;
    if (this.episode === ep) this.episode = undefined;
    this.deps.log.warn({ session: this.name, foreground: verdict.foreground }, 'agent not in the foreground: dialog left unanswered');
    return false;
  }

  private press(keys: string[]): Promise<void> {
    return this.deps.press(this.name, keys);
  }
}
