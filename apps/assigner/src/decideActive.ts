/**
 * Pure: what to do about one prompt a session holds (assigned or in progress). The tick gathers
 * the facts — the prompt row, the session row the watcher keeps, whether tmux still has the
 * session, what the hooks reported since the claim — and carries out the decision.
 */
import { promptTimeoutMs, type PromptRow, type SessionRow, type TurnEnd } from '@architect/db';

export interface ActiveFacts {
  prompt: Pick<PromptRow, 'status' | 'delivery' | 'assignedAt' | 'startedAt' | 'timeoutMinutes' | 'timeoutSeconds'>;
  session: Pick<SessionRow, 'state' | 'stateAt' | 'screenState' | 'processState' | 'foreground' | 'managed'> | undefined;
  /** From this tick's `list-sessions`; undefined when tmux was not asked. */
  tmuxAlive: boolean | undefined;
  /** This process is typing into the session or reconciling the prompt right now. */
  busyHere: boolean;
  /** The turn's end as reported by a Stop / StopFailure hook after the submission. */
  turnEnd: TurnEnd | undefined;
  now: number;
  /** How long an idle screen with no sign of work is watched before the turn counts as done. */
  settleMs: number;
}

export type ActiveDecision =
  | { kind: 'wait' }
  | { kind: 'release'; reason: string }
  | { kind: 'fail'; action: 'timeout' | 'session_gone' | 'agent_error'; reason: string }
  | { kind: 'reconcile' }
  | { kind: 'complete'; via: 'hook'; response: string | null }
  | { kind: 'complete-from-screen' }
  /**
   * The row says idle but not since the submission: look at the screen ourselves. Done when a
   * fresh capture shows idle with an empty composer and we saw the agent busy earlier — or,
   * `settled`, the agent has shown nothing but idle for settleMs (a turn shorter than a glance).
   */
  | { kind: 'check-screen'; settled: boolean };

export function decideActive(f: ActiveFacts): ActiveDecision {
  if (f.busyHere) return { kind: 'wait' };
  const { prompt, session } = f;

  const dead =
    !session ? 'session row missing'
    : session.state === 'gone' ? 'tmux session gone'
    : f.tmuxAlive === false ? 'tmux session gone'
    : session.state === 'exited' ? `agent exited (foreground: ${session.foreground ?? 'not the agent'})`
    : session.screenState === 'exited' && session.processState !== 'agent' ? 'agent exited (bare shell in the pane)'
    : undefined;
  if (dead) {
    // Nothing was typed yet: the agent never saw it, so the attempt does not count.
    if (prompt.status === 'assigned' && prompt.delivery === null) return { kind: 'release', reason: dead };
    return { kind: 'fail', action: 'session_gone', reason: dead };
  }

  const timeoutMs = promptTimeoutMs(prompt);
  if (prompt.assignedAt !== null && f.now - prompt.assignedAt >= timeoutMs) {
    return { kind: 'fail', action: 'timeout', reason: `no result within ${Math.round(timeoutMs / 1000)} s` };
  }

  // Assigned but nobody here is delivering it: a previous process died mid-delivery.
  if (prompt.status === 'assigned') return { kind: 'reconcile' };

  if (f.turnEnd) {
    if (f.turnEnd.event === 'StopFailure') return { kind: 'fail', action: 'agent_error', reason: `agent reported ${f.turnEnd.error ?? 'an error'}` };
    return { kind: 'complete', via: 'hook', response: f.turnEnd.response };
  }

  if (session!.state !== 'idle') return { kind: 'wait' };
  const started = prompt.startedAt ?? prompt.assignedAt ?? f.now;
  // The watcher saw the state change to idle after the submission: the turn ran and ended.
  if ((session!.stateAt ?? 0) >= started) return { kind: 'complete-from-screen' };
  return { kind: 'check-screen', settled: f.now - started >= f.settleMs };
}
