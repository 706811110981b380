/**
 * Process truth at the moment of typing. The screen can look idle when the agent is gone — an
 * exited Claude leaves its last screen and a shell prompt under it — and text typed there runs
 * in the shell. So right before the first key (and again before Enter) the assigner asks tmux
 * for the pane's process and /proc for its foreground (`AgentCheck`, one `display-message` plus
 * a few file reads, ≈ 5 ms). If the agent is not there, nothing is typed: the prompt goes back
 * to the queue uncounted, and the session is recorded `exited` so routing skips it.
 *
 * An agent that started moments ago is not typed into either: the screen that looked idle may
 * still be its predecessor's last one (a user typed `claude` again in the shell), and keys sent
 * before the new agent has drawn and switched its terminal to raw mode land in the line
 * discipline, not in its composer. The prompt goes back uncounted and is offered again shortly.
 */
import { toError, type Logger } from '@architect/core';
import { releasePrompt, setProcessState, type Db, type DeliveryStep } from '@architect/db';
import type { AgentCheck } from '@architect/sessions';
import { TmuxSessionGoneError } from '@architect/tmux';

export interface GuardDeps {
  db: Db;
  clock: { now(): number };
  log: Logger;
  checkAgent?: AgentCheck;
}

export type GuardResult = { ok: true } | { ok: false; reason: string; retryInMs?: number };

/** How long a freshly started agent is left to draw its screen before the first key. */
export const AGENT_WARMUP_MS = 2000;

/**
 * Ok when the session's agent is the pane's foreground (or there is nothing to check: a shell
 * session, no check configured, no verdict). Otherwise the prompt is released (only from the
 * delivery step given) and the reason returned.
 */
export async function guardAgent(
  deps: GuardDeps,
  t: { promptId: number; session: string; provider: string },
  step: DeliveryStep | null,
): Promise<GuardResult> {
  if (!deps.checkAgent) return { ok: true };
  let verdict;
  try {
    verdict = await deps.checkAgent(t.session, t.provider);
  } catch (raw) {
    // The session vanished: the caller's next tmux call reports it as gone, as usual.
    if (raw instanceof TmuxSessionGoneError) return { ok: true };
    deps.log.warn({ err: toError(raw), session: t.session }, 'process check failed; not typing');
    return release(deps, t, step, `process check failed: ${toError(raw).message}`);
  }
  const now = deps.clock.now();
  if (verdict?.agent && step === null && verdict.startedAt !== undefined && now - verdict.startedAt < AGENT_WARMUP_MS) {
    const ageMs = now - verdict.startedAt;
    deps.log.info({ promptId: t.promptId, session: t.session, ageMs }, 'agent just started: not typing yet');
    return { ...release(deps, t, step, `agent started ${ageMs} ms ago`), retryInMs: AGENT_WARMUP_MS - ageMs };
  }
  if (!verdict || verdict.agent) return { ok: true };
  setProcessState(deps.db, t.session, { state: 'exited', foreground: verdict.foreground }, now);
  deps.log.warn({ promptId: t.promptId, session: t.session, foreground: verdict.foreground, step }, 'agent not in the foreground: not typing');
  return release(deps, t, step, `agent not running (foreground: ${verdict.foreground ?? 'unknown'})`);
}

function release(deps: GuardDeps, t: { promptId: number; session: string }, step: DeliveryStep | null, reason: string): { ok: false; reason: string } {
  releasePrompt(deps.db, { promptId: t.promptId, session: t.session, now: deps.clock.now(), reason, allowed: [step] });
  return { ok: false, reason };
}
