/**
 * How a session's one effective state is derived from its two signals: Claude Code hooks (exact,
 * pushed the moment they happen) and the screen detector (works for every agent, but reads a
 * screen that can lag or flicker). Pure functions: the write paths in ./sessionState.ts call them
 * inside their transaction; see docs/sessions.md for the reasoning behind each rule.
 */
import type { SessionState } from '../schema/sessions';

/** What the screen says, in session-state terms; 'exited' = a bare shell where the agent was. */
export type ScreenSignal = 'idle' | 'busy' | 'waiting_input' | 'unknown' | 'exited';
export type HookSignal = 'idle' | 'busy' | 'waiting_input' | 'unknown';
export type StateSource = 'hook' | 'screen' | 'process';
/** The process check: the pane's foreground is the session's agent, or it is not (a shell, anything else). */
export type ProcessSignal = 'agent' | 'exited';

export const DEFAULT_IDLE_GRACE_MS = 2000;

/** Detector verdict → screen signal: idle→idle, busy→busy, permission→waiting_input, unknown→unknown. */
export function screenSignalOf(detectorState: string, detail?: string): ScreenSignal {
  switch (detectorState) {
    case 'idle':
      return 'idle';
    case 'busy':
      return 'busy';
    case 'permission':
      return 'waiting_input';
    default:
      return detail === 'agent-exited' ? 'exited' : 'unknown';
  }
}

/**
 * Hook event → hook signal; undefined when the event says nothing about the state (it is still
 * recorded). Stop fires at the end of every turn; it does not fire when the user interrupts.
 */
export function hookSignalOf(event: string, payload: { notification_type?: unknown } = {}): HookSignal | undefined {
  switch (event) {
    case 'SessionStart':
    case 'Stop':
    case 'StopFailure':
      return 'idle';
    case 'UserPromptSubmit':
    case 'PreToolUse':
    case 'PostToolUse':
    case 'PostToolUseFailure':
    case 'PreCompact':
      return 'busy';
    case 'PermissionRequest':
      return 'waiting_input';
    case 'Notification':
      if (payload.notification_type === 'permission_prompt' || payload.notification_type === 'elicitation_dialog') return 'waiting_input';
      if (payload.notification_type === 'idle_prompt') return 'idle';
      return undefined;
    case 'SessionEnd':
      return 'unknown';
    default:
      return undefined;
  }
}

export interface PrecedenceInput {
  /** The stored state: 'gone' sticks until tmux shows the session again; 'starting' until a signal. */
  current: SessionState;
  hookState: HookSignal | null;
  hookAt: number | null;
  screenState: ScreenSignal | null;
  /** When the screen's signal last changed (not when it was last captured). */
  screenAt: number | null;
  /** What the process table says; null when it was not checked (no /proc, a shell session). */
  processState?: ProcessSignal | null;
}

export interface Derived {
  state: SessionState;
  source: StateSource | null;
  /** Set when a pending screen override becomes due at this time: derive again then. */
  recheckAt?: number;
}

/**
 * The rules, in order:
 * 1. 'gone' stays gone (only `sessions up` / `scan` finding the tmux session revives it).
 * 1b. Process truth first: the agent process is not the pane's foreground → 'exited', whatever
 *    the hook or the screen said last (an exited Claude leaves its last idle-looking screen, and
 *    a prompt typed there runs in the shell). When the process check says the agent runs, a
 *    screen that merely looks like a shell prompt counts as 'unknown'.
 * 2. One signal only: it is the state (screen 'unknown' keeps a 'starting' session starting).
 * 3. The hook wins when it is at least as new as the screen's last change: a screen that did not
 *    change since the hook fired is old evidence (e.g. still drawn idle just after
 *    UserPromptSubmit).
 * 4. A screen change newer than the hook overrides it, except:
 *    - screen 'unknown' never overrides (it knows nothing); 'exited' always does (a bare shell);
 *    - screen 'idle' over a non-idle hook only once `idleGraceMs` have passed since the hook:
 *      idle is the one state the assigner acts on by typing, and a screen can flash idle between
 *      the hook and the agent's first busy frame. (This is how a turn the user interrupted, or a
 *      permission dialog answered "No", gets back to idle: no Stop hook fires for those.)
 *    Busy and waiting_input override at once: erring towards "not idle" is always safe.
 */
export function deriveState(input: PrecedenceInput, now: number, idleGraceMs = DEFAULT_IDLE_GRACE_MS): Derived {
  const { current, hookState, hookAt, screenAt } = input;
  if (current === 'gone') return { state: 'gone', source: null };
  if (input.processState === 'exited') return { state: 'exited', source: 'process' };
  const screenState = input.screenState === 'exited' && input.processState === 'agent' ? 'unknown' : input.screenState;
  const hasHook = hookState !== null && hookAt !== null;
  const hasScreen = screenState !== null && screenAt !== null;
  if (!hasHook && !hasScreen) return { state: current, source: null };
  if (!hasHook) return fromScreen(screenState!, current);
  if (!hasScreen || screenAt! <= hookAt!) return { state: hookState!, source: 'hook' };

  if (screenState === 'unknown' || screenState === hookState) return { state: hookState!, source: 'hook' };
  if (screenState === 'exited') return { state: 'exited', source: 'screen' };
  if (screenState === 'idle') {
    const due = hookAt! + idleGraceMs;
    if (now < due) return { state: hookState!, source: 'hook', recheckAt: due };
  }
  return { state: screenState!, source: 'screen' };
}

function fromScreen(screen: ScreenSignal, current: SessionState): Derived {
  if (screen === 'exited') return { state: 'exited', source: 'screen' };
  if (screen === 'unknown' && current === 'starting') return { state: 'starting', source: null };
  return { state: screen, source: 'screen' };
}
