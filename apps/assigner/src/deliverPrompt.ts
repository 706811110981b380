/**
 * The typing protocol (SPEC §4). Each rule exists because a tool got it wrong:
 *  1. look again right before typing: idle, no dialog, empty composer — else give the prompt
 *     back unharmed (the attempt is not counted); and, at the same time, ask the process table
 *     that the agent is still the pane's foreground (agentGuard.ts): a screen can look idle over
 *     a shell;
 *  2. write `delivery = typing` BEFORE the first key, `typed` BEFORE Enter, so a restarted
 *     assigner knows what may be on the screen (see reconcile.ts);
 *  3. single-line text up to literalMaxBytes goes as literal keys (`send-keys -l`), anything
 *     longer or multi-line as a bracketed paste, so a newline never submits early;
 *  4. pause, then Enter as its own call;
 *  5. read back: submitted when a UserPromptSubmit hook arrives, the agent turns busy, or the
 *     text left the composer; Enter again (bounded) only while the text visibly sits in an idle
 *     composer; the text itself is never typed twice.
 */
import { toError, type Clock, type Logger } from '@architect/core';
import {
  failAttempt,
  getPrompt,
  hookEventsSinceClaim,
  markSubmitted,
  recordPromptInteraction,
  releasePrompt,
  setDelivery,
  stripTerminalControls,
  type Db,
  type PromptRow,
} from '@architect/db';
import { TmuxSessionGoneError } from '@architect/tmux';
import type { AgentCheck } from '@architect/sessions';
import { guardAgent } from './agentGuard';
import { holdsDraft, lookAtSession, readyForText, type Look, type ScreenSource, type Terminal } from './lookAtSession';
import { clearComposer } from './clearComposer';

export interface DeliverySettings {
  enterDelayMs: number;
  enterRetries: number;
  literalMaxBytes: number;
  confirmTimeoutMs: number;
  /** Back-off before a requeued prompt is offered again. */
  retryDelayMs: number;
}

export interface DeliveryDeps {
  db: Db;
  terminal: Terminal;
  /** The process's screen pipeline (shared with the watcher); without it every look captures. */
  screens?: ScreenSource | undefined;
  clock: Clock;
  log: Logger;
  settings: DeliverySettings;
  /** Process truth: is the session's agent the pane's foreground right now? (none: screen only) */
  checkAgent?: AgentCheck;
}

export interface DeliveryTarget {
  prompt: PromptRow;
  session: string;
  provider: string;
  /** hook_events id at claim time: only later events can be about this prompt. */
  hookMark: number;
}

export type DeliveryResult =
  | { outcome: 'submitted'; via: string; look: Look | undefined; baseline: Look; ms: number }
  | { outcome: 'released'; reason: string; retryInMs?: number }
  | { outcome: 'requeued' | 'failed' | 'lost'; reason: string };

// Read-back cadence: fast at first (the benchmark's "text in the composer → busy" path), then calmer.
const FAST_POLL_MS = 25;
const SLOW_POLL_MS = 100;
const FAST_PHASE_MS = 600;
// An Enter is repeated only after the text has sat unchanged in an idle composer this long.
const ENTER_RETRY_AFTER_MS = 400;

export async function deliverPrompt(deps: DeliveryDeps, t: DeliveryTarget): Promise<DeliveryResult> {
  const { db, terminal, clock, log, settings } = deps;
  const { prompt, session } = t;
  const ids = { promptId: prompt.id, session };
  // Read at this moment: this look decides the first key (lookAtSession).
  const look = () => lookAtSession(deps, session, t.provider);

  // The screen and the process table, asked at the same time: both must agree before the first
  // key. (Where the time went is logged with the delivery: these checks, then the typing.)
  const t0 = clock.now();
  const [seen, guard] = await Promise.all([
    look().then(
      (l) => ({ ok: true as const, look: l }),
      (raw: unknown) => ({ ok: false as const, raw }),
    ),
    guardAgent(deps, { promptId: prompt.id, session, provider: t.provider }, null),
  ]);
  const checkMs = clock.now() - t0;
  if (!seen.ok) return gone(deps, t, seen.raw, null);
  if (!guard.ok) return { outcome: 'released', reason: guard.reason, ...(guard.retryInMs !== undefined ? { retryInMs: guard.retryInMs } : {}) };
  const baseline = seen.look;
  if (!readyForText(baseline)) {
    const reason = `not ready at delivery: ${baseline.state}${baseline.composer.text ? ', composer not empty' : ''}`;
    releasePrompt(db, { ...ids, now: clock.now(), reason, allowed: [null] });
    return { outcome: 'released', reason };
  }

  const text = stripTerminalControls(prompt.content);
  if (text !== prompt.content) log.warn({ ...ids }, 'control characters stripped from prompt text at delivery');
  const bytes = Buffer.byteLength(text);
  // Newline and tab are keys (Enter, Tab) when typed; inside a bracketed paste they are text.
  const method = !/[\n\t]/.test(text) && bytes <= settings.literalMaxBytes ? 'literal' : 'paste';
  const started = clock.now();

  if (!setDelivery(db, { ...ids, from: null, to: 'typing', now: started, details: { method, bytes, hookMark: t.hookMark } })) {
    return { outcome: 'lost', reason: 'prompt changed before typing (cancelled?)' };
  }
  try {
    if (method === 'literal') await terminal.sendLiteral(session, text);
    else await terminal.pasteText(session, text, { bracketed: true });
  } catch (raw) {
    if (raw instanceof TmuxSessionGoneError) return gone(deps, t, raw, 'typing');
    // The text may be partly on the screen: clear it (never Enter it) and let another attempt go.
    log.error({ err: toError(raw), ...ids }, 'typing failed');
    await clearComposer(deps, session, t.provider, prompt.id, text);
    return requeue(deps, t, 'delivery_failed', `typing failed: ${toError(raw).message}`);
  }
  const steps = { checkMs, typeMs: clock.now() - started };
  if (!setDelivery(db, { ...ids, from: 'typing', to: 'typed', now: clock.now() })) {
    // Cancelled while we typed: the text sits unsubmitted in the composer; take it back out.
    await clearComposer(deps, session, t.provider, prompt.id, text);
    return { outcome: 'lost', reason: 'prompt changed while typing (cancelled?)' };
  }

  await clock.sleep(settings.enterDelayMs);
  // Cancelled during the pause: the text must not be sent; take it back out of the composer.
  if (getPrompt(db, prompt.id)?.status !== 'assigned') {
    await clearComposer(deps, session, t.provider, prompt.id, text);
    return { outcome: 'lost', reason: 'prompt changed before Enter (cancelled?)' };
  }
  return confirmSubmission(deps, t, { baseline, details: { method, bytes, ...steps }, started });
}

/**
 * Steps 4–5 alone: press Enter on text that is whole in the composer and read back. Also how a
 * restarted assigner finishes a delivery it found at `typed` with the text still in place.
 */
export async function confirmSubmission(
  deps: DeliveryDeps,
  t: DeliveryTarget,
  o: { baseline: Look; details: Record<string, unknown>; started: number },
): Promise<DeliveryResult> {
  const { db, terminal, clock, log, settings } = deps;
  const { prompt, session } = t;
  const ids = { promptId: prompt.id, session };
  const text = stripTerminalControls(prompt.content);
  // Every read-back decides a key (Enter again or not): read at that moment.
  const look = () => lookAtSession(deps, session, t.provider);
  const { baseline, started } = o;
  let enters = 0;
  const info = () => ({ ...o.details, enters, ms: clock.now() - started });
  const pressEnter = async (kind: 'first' | 'retry', screenHash?: string) => {
    enters++;
    await terminal.sendKey(session, 'Enter');
    if (kind === 'retry') recordPromptInteraction(db, { ...ids, kind: 'enter_retry', via: 'screen', screenHash: screenHash ?? null, details: { enters }, now: clock.now() });
  };
  // The agent may have exited since the text went in: Enter would run that text in the shell.
  const guard = await guardAgent(deps, { promptId: prompt.id, session, provider: t.provider }, 'typed');
  if (!guard.ok) {
    await terminal.sendKey(session, 'C-u').catch(() => undefined);
    return { outcome: 'released', reason: guard.reason };
  }
  try {
    await pressEnter('first');
  } catch (raw) {
    if (raw instanceof TmuxSessionGoneError) return gone(deps, t, raw, 'typed');
    throw raw;
  }

  const firstEnter = clock.now();
  let lastEnter = firstEnter;
  let last: Look | undefined;
  let sameSince = firstEnter;
  for (;;) {
    const now = clock.now();
    if (submittedByHook(db, t, text)) return submitted(deps, t, 'hook', last, baseline, info());
    let current: Look;
    try {
      current = await look();
    } catch (raw) {
      if (raw instanceof TmuxSessionGoneError) return gone(deps, t, raw, 'typed');
      throw raw;
    }
    // Our text still in the composer outranks the detector (a multi-line draft can look busy).
    const draft = holdsDraft(current, text);
    if (!draft && (current.state === 'busy' || current.state === 'permission')) {
      return submitted(deps, t, `screen:${current.state}`, current, baseline, info());
    }
    if (current.state === 'idle' && current.composer.found && current.composer.text === '') {
      return submitted(deps, t, 'screen:composer-empty', current, baseline, info());
    }
    if (last?.hash !== current.hash) sameSince = now;
    last = current;
    const stuckInComposer = draft || (current.state === 'idle' && current.composer.found && current.composer.text !== '');
    if (now - firstEnter >= settings.confirmTimeoutMs) {
      if (stuckInComposer) {
        // Certain it was never submitted: take the text out so no later Enter can send it, then retry elsewhere.
        await clearComposer(deps, session, t.provider, prompt.id, text);
        return requeue(deps, t, 'delivery_failed', `text still in the composer after ${enters} Enter presses`);
      }
      // Cannot see where the text went: it may have been taken, so it must not be typed again.
      return submitted(deps, t, 'assumed', current, baseline, { ...info(), screen: current.state });
    }
    if (stuckInComposer && enters <= settings.enterRetries && now - lastEnter >= ENTER_RETRY_AFTER_MS && now - sameSince >= ENTER_RETRY_AFTER_MS / 2) {
      log.info({ ...ids, enters }, 'text still in the composer; pressing Enter again');
      await pressEnter('retry', current.hash);
      lastEnter = clock.now();
    }
    await clock.sleep(now - firstEnter < FAST_PHASE_MS ? FAST_POLL_MS : SLOW_POLL_MS);
  }
}

/** A UserPromptSubmit hook for this session since the claim, carrying our text (or no text at all). */
export function submittedByHook(db: Db, t: Pick<DeliveryTarget, 'session' | 'hookMark' | 'prompt'>, text: string): boolean {
  return hookEventsSinceClaim(db, t.session, t.hookMark, t.prompt.assignedAt ?? 0, 50).some((e) => {
    if (e.event !== 'UserPromptSubmit') return false;
    const p = e.payload?.prompt;
    return typeof p !== 'string' || samePromptText(p, text);
  });
}

/** The hook's copy may be bounded by the recorder: a long prompt matches on its stored prefix. */
export function samePromptText(fromHook: string, text: string): boolean {
  if (fromHook === text) return true;
  const body = fromHook.replace(/(?:…|\.\.\.)?(?:\[truncated[^\]]*\])?$/, '');
  return body.length >= 64 && text.startsWith(body);
}

function submitted(
  deps: DeliveryDeps,
  t: DeliveryTarget,
  via: string,
  look: Look | undefined,
  baseline: Look,
  details: Record<string, unknown>,
): DeliveryResult {
  const now = deps.clock.now();
  if (!markSubmitted(deps.db, { promptId: t.prompt.id, session: t.session, now, via, details, screenHash: look?.hash ?? null })) {
    return { outcome: 'lost', reason: 'prompt changed during read-back (cancelled?)' };
  }
  deps.log.info({ promptId: t.prompt.id, session: t.session, via, ...details }, 'prompt delivered');
  return { outcome: 'submitted', via, look, baseline, ms: Number(details.ms ?? 0) };
}

function requeue(deps: DeliveryDeps, t: DeliveryTarget, action: 'delivery_failed', reason: string): DeliveryResult {
  const outcome = failAttempt(deps.db, {
    promptId: t.prompt.id,
    session: t.session,
    now: deps.clock.now(),
    action,
    reason,
    retryDelayMs: deps.settings.retryDelayMs,
  });
  deps.log.warn({ promptId: t.prompt.id, session: t.session, reason, outcome }, 'delivery failed');
  return { outcome: outcome === 'failed' ? 'failed' : outcome === 'requeued' ? 'requeued' : 'lost', reason };
}

/** The tmux session vanished: before any key it is a free release, after one it is a counted attempt. */
function gone(deps: DeliveryDeps, t: DeliveryTarget, raw: unknown, step: 'typing' | 'typed' | null): DeliveryResult {
  const reason = `session gone during delivery: ${toError(raw).message}`;
  if (!(raw instanceof TmuxSessionGoneError)) throw raw;
  if (step === null) {
    releasePrompt(deps.db, { promptId: t.prompt.id, session: t.session, now: deps.clock.now(), reason, allowed: [null] });
    return { outcome: 'released', reason };
  }
  const outcome = failAttempt(deps.db, {
    promptId: t.prompt.id,
    session: t.session,
    now: deps.clock.now(),
    action: 'session_gone',
    reason,
    retryDelayMs: deps.settings.retryDelayMs,
  });
  return { outcome: outcome === 'failed' ? 'failed' : outcome === 'requeued' ? 'requeued' : 'lost', reason };
}
