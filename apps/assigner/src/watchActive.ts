/**
 * One pass over the prompts sessions hold: finish them (Stop hook or idle screen), send them back
 * (timeout, dead session) or reconcile what a dead process left half-delivered.
 */
import { toError } from '@architect/core';
import {
  promptTimeoutMs,
  completePrompt,
  failAttempt,
  hookEventsSinceClaim,
  releasePrompt,
  stripTerminalControls,
  turnEndOf,
  type Db,
  type PromptRow,
  type SessionRow,
  type TurnEnd,
} from '@architect/db';
import { TmuxServerNotRunningError, TmuxSessionGoneError, tmuxSessionName } from '@architect/tmux';
import { decideActive } from './decideActive';
import type { DeliveryDeps } from './deliverPrompt';
import { samePromptText } from './deliverPrompt';
import { lookAtSession } from './lookAtSession';
import { deliveryMarks, reconcilePrompt, sessionReportsHooks } from './reconcile';
import type { AssignerRuntime, TurnMemory } from './runtime';
import { screenResponse } from './screenResponse';

export interface WatchDeps extends DeliveryDeps {
  settleMs: number;
  /** Spawn tracked background work for a prompt (reconcile). */
  spawn: (promptId: number, session: string | null, work: () => Promise<void>) => void;
}

// Own captures of a session the watcher calls idle, while its prompt runs: at most this often.
const CHECK_EVERY_MS = 200;
// With hooks, an idle screen waits this long for the Stop hook (which carries the real response).
const STOP_HOOK_GRACE_MS = 2000;
const SCREEN_HISTORY_ROWS = 400;

/**
 * Decisions that need only the database run inline; anything that looks at a screen runs as
 * tracked background work (one per prompt), so a tick stays a few milliseconds of SQL and a
 * queued prompt never waits behind someone else's capture.
 */
/**
 * Returns how many prompts were settled inline (completed, failed, released): each frees a
 * session, so the caller routes again at once instead of waiting for the next wake-up.
 */
export function watchActive(deps: WatchDeps, rt: AssignerRuntime, active: PromptRow[], sessions: Map<string, SessionRow>): number {
  let settled = 0;
  for (const prompt of active) {
    if (rt.tasks.has(prompt.id) || !prompt.assignedSession) continue;
    try {
      if (watchOne(deps, rt, prompt, sessions.get(prompt.assignedSession))) settled++;
    } catch (raw) {
      deps.log.error({ err: toError(raw), promptId: prompt.id, session: prompt.assignedSession }, 'watching a prompt failed');
    }
  }
  for (const id of rt.turns.keys()) if (!active.some((p) => p.id === id)) rt.turns.delete(id);
  return settled;
}

function memoryOf(db: Db, rt: AssignerRuntime, prompt: PromptRow): TurnMemory {
  let m = rt.turns.get(prompt.id);
  if (!m) {
    // After a restart: the mark survives in the history of the `typing` step.
    m = { hookMark: deliveryMarks(db, prompt.id).hookMark, baseline: undefined, busySeenAt: undefined, idleSeenAt: undefined, lastCheckAt: 0 };
    rt.turns.set(prompt.id, m);
  }
  return m;
}

/** The Stop / StopFailure ending our turn: after our UserPromptSubmit, or after the submission time. */
export function findTurnEnd(db: Db, session: string, hookMark: number, text: string, claimedAt: number, startedAt: number): TurnEnd | undefined {
  const events = hookEventsSinceClaim(db, session, hookMark, claimedAt);
  const submit = events.find((e) => e.event === 'UserPromptSubmit' && (typeof e.payload?.prompt !== 'string' || samePromptText(e.payload.prompt, text)));
  const after = submit ? events.filter((e) => e.id > submit.id) : events.filter((e) => e.createdAt >= startedAt);
  const end = after.find((e) => e.event === 'Stop' || e.event === 'StopFailure');
  return end ? turnEndOf(end) : undefined;
}

function wakeBy(rt: AssignerRuntime, at: number): false {
  rt.wakeBy(at);
  return false;
}

/** True when the prompt was settled here (its session is free for the next one). */
function watchOne(deps: WatchDeps, rt: AssignerRuntime, prompt: PromptRow, session: SessionRow | undefined): boolean {
  const { db, clock, log } = deps;
  const name = prompt.assignedSession!;
  const now = clock.now();
  const memory = memoryOf(db, rt, prompt);
  const text = stripTerminalControls(prompt.content);
  const turnEnd =
    prompt.status === 'in_progress' && session
      ? findTurnEnd(db, name, memory.hookMark, text, prompt.assignedAt ?? 0, prompt.startedAt ?? prompt.assignedAt ?? 0)
      : undefined;
  const d = decideActive({
    prompt,
    session,
    tmuxAlive: rt.tmuxAlive ? rt.tmuxAlive.has(tmuxSessionName(name)) : undefined,
    busyHere: false,
    turnEnd,
    now,
    settleMs: deps.settleMs,
  });
  const ids = { promptId: prompt.id, session: name };
  if (prompt.assignedAt !== null) rt.wakeBy(prompt.assignedAt + promptTimeoutMs(prompt));
  switch (d.kind) {
    case 'wait':
      return false;
    case 'release':
      releasePrompt(db, { ...ids, now, reason: d.reason, allowed: [null] });
      log.info({ ...ids, reason: d.reason }, 'prompt released');
      return true;
    case 'fail': {
      if (d.action === 'session_gone' && d.reason === 'tmux session gone') {
        // A prompt typed into a session is failed (and retried elsewhere) only when tmux itself
        // says the session is gone now: one listing that left it out under load (seen in the soak:
        // 11 prompts run twice) must not start the same work a second time.
        const due = memory.lastCheckAt + CHECK_EVERY_MS;
        if (now < due) return wakeBy(rt, due);
        memory.lastCheckAt = now;
        deps.spawn(prompt.id, null, () => confirmGone(deps, rt, prompt, d.reason));
        return false;
      }
      const outcome = failAttempt(db, { ...ids, now, action: d.action, reason: d.reason, retryDelayMs: deps.settings.retryDelayMs });
      rt.turns.delete(prompt.id);
      log.warn({ ...ids, action: d.action, reason: d.reason, outcome }, 'attempt failed');
      return true;
    }
    case 'reconcile':
      deps.spawn(prompt.id, null, async () => {
        const outcome = await reconcilePrompt(deps, prompt, session!);
        log.info({ ...ids, delivery: prompt.delivery, outcome }, 'reconciled an interrupted delivery');
        if (outcome === 'undecided') rt.wakeBy(clock.now() + CHECK_EVERY_MS);
      });
      return false;
    case 'complete':
      finish(deps, rt, prompt, d.response, 'hook');
      return true;
    case 'complete-from-screen':
    case 'check-screen': {
      const due = memory.lastCheckAt + CHECK_EVERY_MS;
      if (now < due) return wakeBy(rt, due);
      memory.lastCheckAt = now;
      deps.spawn(prompt.id, null, () => checkScreen(deps, rt, prompt, session!, memory, d.kind === 'check-screen' ? d.settled : undefined));
      return false;
    }
  }
}

/**
 * Our own look at a session whose prompt may be done. `settled` undefined: the watcher already
 * saw the turn end — confirm nothing of ours waits in the composer. Otherwise: done when idle
 * with an empty composer after we saw it busy, or (settled) never seen busy but the screen moved.
 */
async function checkScreen(deps: WatchDeps, rt: AssignerRuntime, prompt: PromptRow, session: SessionRow, memory: TurnMemory, settled: boolean | undefined): Promise<void> {
  const look = await lookQuietly(deps, session.name, session.provider);
  rt.wakeBy(deps.clock.now() + CHECK_EVERY_MS);
  if (!look) return;
  if (look.state === 'busy' || look.state === 'permission') {
    memory.busySeenAt = look.at;
    memory.idleSeenAt = undefined;
    return;
  }
  if (look.state !== 'idle' || (look.composer.found && look.composer.text !== '')) return;
  if (settled === undefined) return finishFromScreen(deps, rt, prompt, session, memory, 'screen');
  memory.idleSeenAt ??= look.at;
  if (memory.busySeenAt === undefined && !settled) return;
  // Settled but the screen is exactly as it was before we typed: the agent has not even drawn our text yet.
  if (memory.busySeenAt === undefined && memory.baseline !== undefined && look.screen === memory.baseline) return;
  // A Claude with hooks will report the turn's end with the real response: give it a moment.
  if (look.at - memory.idleSeenAt < STOP_HOOK_GRACE_MS && sessionReportsHooks(deps.db, session)) return;
  await finishFromScreen(deps, rt, prompt, session, memory, memory.busySeenAt !== undefined ? 'screen' : 'screen-settled');
}

/** A look (the watcher's latest screen if nothing drew over it), or undefined when the session just vanished (the next tmux check sends the prompt back). */
async function lookQuietly(deps: WatchDeps, session: string, provider: string) {
  try {
    return await lookAtSession(deps, session, provider, { reuseKept: true });
  } catch (raw) {
    if (raw instanceof TmuxSessionGoneError) return undefined;
    throw raw;
  }
}

async function finishFromScreen(deps: WatchDeps, rt: AssignerRuntime, prompt: PromptRow, session: SessionRow, memory: TurnMemory, via: string): Promise<void> {
  let response: string | null = session.lastOutput;
  try {
    const screen = await deps.terminal.capture(session.name, { history: SCREEN_HISTORY_ROWS });
    response = screenResponse(session.provider, screen, memory.baseline, prompt.content);
  } catch (raw) {
    deps.log.warn({ err: toError(raw), promptId: prompt.id, session: session.name }, 'could not read the response from the screen');
  }
  finish(deps, rt, prompt, response, via);
}

function finish(deps: WatchDeps, rt: AssignerRuntime, prompt: PromptRow, response: string | null, via: string): void {
  const session = prompt.assignedSession!;
  if (completePrompt(deps.db, { promptId: prompt.id, session, now: deps.clock.now(), response, via })) {
    rt.completed++;
    deps.log.info({ promptId: prompt.id, session, via }, 'prompt completed');
  }
  rt.turns.delete(prompt.id);
}

/** Fails the attempt only if tmux confirms the session is gone; otherwise forgets the stale listing. */
async function confirmGone(deps: WatchDeps, rt: AssignerRuntime, prompt: PromptRow, reason: string): Promise<void> {
  const ids = { promptId: prompt.id, session: prompt.assignedSession! };
  try {
    await deps.terminal.capture(ids.session);
  } catch (raw) {
    if (raw instanceof TmuxSessionGoneError || raw instanceof TmuxServerNotRunningError) {
      const outcome = failAttempt(deps.db, { ...ids, now: deps.clock.now(), action: 'session_gone', reason, retryDelayMs: deps.settings.retryDelayMs });
      rt.turns.delete(prompt.id);
      deps.log.warn({ ...ids, action: 'session_gone', reason, outcome }, 'attempt failed');
      return;
    }
    throw raw;
  }
  // It answers: the listing was wrong. Ask tmux again on the next tick rather than trust it.
  rt.tmuxAlive = undefined;
  rt.tmuxCheckedAt = 0;
  deps.log.warn(ids, 'session reported gone but tmux still has it; prompt kept');
}
