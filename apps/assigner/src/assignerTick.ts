/**
 * One pass: hand queued prompts to free sessions, then look after the prompts sessions hold.
 * Claims are synchronous compare-and-swaps; typing and every look at a screen run as tracked
 * background work, so a tick is a few milliseconds of SQL and one slow agent never delays the
 * others.
 */
import { toError, type AssignerConfig } from '@architect/core';
import {
  activeLocks,
  activePrompts,
  claimPrompt,
  failedSessionsByPrompt,
  listSessionRows,
  maxHookEventId,
  nextNotBefore,
  pendingPrompts,
  refreshLocks,
  type SessionRow,
} from '@architect/db';
import { TmuxServerNotRunningError } from '@architect/tmux';
import { chooseAssignments, type RoutingSession } from './chooseSession';
import { deliverPrompt } from './deliverPrompt';
import type { AssignerRuntime } from './runtime';
import { watchActive, type WatchDeps } from './watchActive';

export interface TickDeps extends WatchDeps {
  config: AssignerConfig;
  /** Names of the sessions tmux has right now (throws when tmux does not answer). */
  listTmuxSessions: () => Promise<string[]>;
}

// A session that refused a prompt at the last look (busy after all, text in its composer) rests this long.
const COOLDOWN_MS = 500;
const QUEUE_WINDOW = 200;

export async function assignerTick(deps: TickDeps, rt: AssignerRuntime): Promise<boolean> {
  const { db, clock, config } = deps;
  rt.ticks++;
  rt.wakeAt = undefined;
  // Queued prompts first: routing is pure SQL, and a free session should not wait for anything.
  route(deps, rt);

  const now = clock.now();
  const active = activePrompts(db);
  if (active.length > 0 && now - rt.tmuxCheckedAt >= config.tmuxCheckMs && !rt.tmuxChecking) checkTmux(deps, rt);
  const sessions = new Map(listSessionRows(db).map((s) => [s.name, s]));
  // A prompt settled here frees its session: route again at once (the loop re-runs the tick) —
  // our own commit wakes nothing else, so the next prompt would otherwise wait for another event.
  const settled = watchActive(deps, rt, active, sessions);

  const ttlMs = config.lockTtlMinutes * 60_000;
  if (now - rt.locksRefreshedAt >= ttlMs / 4) {
    refreshLocks(db, active.map((p) => p.id), now, ttlMs);
    rt.locksRefreshedAt = now;
  }
  const backedOff = nextNotBefore(db, now);
  if (backedOff !== undefined) rt.wakeBy(backedOff);
  return settled > 0;
}

/** Claim each prompt the routing plan pairs with a free session, and start typing it. */
function route(deps: TickDeps, rt: AssignerRuntime): void {
  const { db, clock, config } = deps;
  const now = clock.now();
  const pending = pendingPrompts(db, now, QUEUE_WINDOW);
  if (pending.length === 0) return;
  const rows = listSessionRows(db, { managedOnly: true });
  const sessions = new Map(rows.map((s) => [s.name, s]));
  const retried = pending.filter((p) => p.attempts > 0).map((p) => p.id);
  const plan = chooseAssignments({
    prompts: pending,
    sessions: rows.map((s) => toRouting(s, rt, now)),
    locks: activeLocks(db, now),
    maxBusy: config.maxBusy,
    delivering: rt.typingInto,
    failedSessions: failedSessionsByPrompt(db, retried),
  });
  const ttlMs = config.lockTtlMinutes * 60_000;
  for (const a of plan) {
    const session = sessions.get(a.session)!;
    // Taken before the claim: any hook event about this prompt comes after it.
    const hookMark = maxHookEventId(db);
    const claim = claimPrompt(db, { promptId: a.promptId, session: a.session, now: clock.now(), lockTtlMs: ttlMs });
    if (!claim.ok) {
      deps.log.debug({ promptId: a.promptId, session: a.session, reason: claim.reason }, 'claim lost');
      continue;
    }
    rt.typingInto.add(a.session);
    deps.spawn(a.promptId, a.session, async () => {
      const result = await deliverPrompt(deps, { prompt: claim.prompt, session: a.session, provider: session.provider, hookMark });
      if (result.outcome === 'submitted') {
        rt.delivered++;
        const sawBusy = result.via === 'hook' || result.via.startsWith('screen:busy') || result.via.startsWith('screen:permission');
        rt.turns.set(a.promptId, {
          hookMark,
          baseline: result.baseline.screen,
          busySeenAt: sawBusy ? clock.now() : undefined,
          idleSeenAt: undefined,
          lastCheckAt: 0,
        });
      } else if (result.outcome === 'released') {
        const rest = Math.max(COOLDOWN_MS, result.retryInMs ?? 0);
        rt.cooldown.set(a.session, clock.now() + rest);
        rt.wakeBy(clock.now() + rest);
      }
    });
  }
}

function toRouting(s: SessionRow, rt: AssignerRuntime, now: number): RoutingSession {
  return {
    name: s.name,
    provider: s.provider,
    specialties: s.specialties,
    host: s.host,
    managed: s.managed,
    state: rt.coolingDown(s.name, now) ? 'cooling_down' : s.state,
    currentPromptId: s.currentPromptId,
    lastActivity: s.lastActivity,
  };
}

/** Which sessions tmux still has, asked in the background (the answer serves the next ticks). */
function checkTmux(deps: TickDeps, rt: AssignerRuntime): void {
  rt.tmuxChecking = true;
  deps.spawn(0, null, async () => {
    try {
      rt.tmuxAlive = new Set(await deps.listTmuxSessions());
    } catch (raw) {
      // No server at all means every session is gone; a timeout or odd failure decides nothing.
      if (raw instanceof TmuxServerNotRunningError) rt.tmuxAlive = new Set();
      else {
        rt.tmuxAlive = undefined;
        deps.log.warn({ err: toError(raw) }, 'cannot list tmux sessions');
      }
    } finally {
      rt.tmuxCheckedAt = deps.clock.now();
      rt.tmuxChecking = false;
    }
  });
}
