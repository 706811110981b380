/**
 * A session's state, derived from hook and screen evidence (sessionPrecedence.ts), and its
 * activity. Every state write reads the row and writes it back inside BEGIN IMMEDIATE, so a hook
 * process and the watcher writing at the same instant serialize and each derives from the other's
 * result.
 */
import { immediate, type SqliteConn } from '../openSqlite';
import type { SessionState } from '../schema/sessions';
import { getSession, type SessionRow } from './sessionRead';
import { deriveState, hookSignalOf, type HookSignal, type ProcessSignal, type ScreenSignal } from './sessionPrecedence';

export interface StateWrite {
  session: SessionRow;
  from: SessionState;
  to: SessionState;
  /** The effective state moved. */
  changed: boolean;
  /** A pending override becomes due then: call refreshSessionState again at that time. */
  recheckAt: number | undefined;
}

/** last_output keeps an excerpt, not the transcript. */
export const LAST_OUTPUT_MAX_CHARS = 2000;

export function excerpt(text: string, max = LAST_OUTPUT_MAX_CHARS): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

export interface ScreenObservation {
  state: ScreenSignal;
  hash: string;
  /** The permission dialog (tool, command, options, complete …) when state is waiting_input. */
  permission?: Record<string, unknown> | null;
  /** Bottom of the screen, stored as last_output. */
  output?: string;
}

/**
 * Record what the screen shows. screen_state_at moves only when the screen's signal changes, so
 * a spinner repainting every second is not "newer evidence" than a hook.
 */
export function setScreenState(db: SqliteConn, name: string, obs: ScreenObservation, now: number, idleGraceMs?: number): StateWrite | undefined {
  return writeState(db, name, now, idleGraceMs, true, (row) => ({
    screenState: obs.state,
    screenStateAt: row.screenState === obs.state && row.screenStateAt !== null ? row.screenStateAt : now,
    screenHash: obs.hash,
    permission: obs.state === 'waiting_input' ? (obs.permission ?? null) : null,
    screenOutput: obs.output,
  }));
}

export interface HookObservation {
  event: string;
  payload?: Record<string, unknown>;
  /** Claude's own session id (payload.session_id); lets later hooks find the session without env. */
  hookSessionId?: string | null;
  /** A PermissionRequest the hook itself answered (auto-confirm): no dialog shows, the agent works on. */
  decided?: boolean;
}

/** Apply a hook event to the session's hook state (events that carry no state only touch activity). */
export function setHookState(db: SqliteConn, name: string, obs: HookObservation, now: number, idleGraceMs?: number): StateWrite | undefined {
  const mapped = obs.event === 'PermissionRequest' && obs.decided ? 'busy' : hookSignalOf(obs.event, obs.payload);
  const message = obs.payload?.last_assistant_message;
  return writeState(db, name, now, idleGraceMs, true, (row) => {
    // A Notification repeating the hook state adds nothing and can arrive late (Claude sends it
    // in the background): refreshing hook_state_at would let it outrank the screen showing the
    // dialog already answered. Only a Notification that changes the hook state counts.
    let signal = obs.event === 'Notification' && mapped === row.hookState ? undefined : mapped;
    // SessionStart says "the agent started" (also on resume, /clear and auto-compact, which can
    // happen mid-turn), not "nothing is running": it may only settle a session that has no
    // better state yet, never undo busy / waiting_input seen first (a slow hook arriving late).
    if (obs.event === 'SessionStart' && !['starting', 'unknown', 'idle', 'exited'].includes(row.state)) signal = undefined;
    return {
      hookState: signal ?? row.hookState,
      hookStateAt: signal ? now : row.hookStateAt,
      hookSessionId: obs.hookSessionId ?? row.hookSessionId,
      lastOutput: typeof message === 'string' && message ? excerpt(message) : row.lastOutput,
      permission: signal === 'waiting_input' && obs.event === 'PermissionRequest' ? hookPermission(obs.payload) : signal ? null : row.permission,
    };
  });
}

function hookPermission(payload: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!payload) return null;
  return { via: 'hook', tool_name: payload.tool_name ?? null, tool_input: payload.tool_input ?? null };
}

export interface ProcessObservation {
  /** 'agent': the session's agent runs in the pane's foreground; 'exited': it does not. */
  state: ProcessSignal;
  /** The foreground's command line (argv joined), for `sessions list` and alerts. */
  foreground: string | null;
}

/**
 * Record what the process table says. process_at moves only when the verdict changes. A
 * verdict of 'exited' also clears the hook state: that evidence belongs to the agent that
 * exited, and must not make a restarted agent look idle before it says so itself.
 */
export function setProcessState(db: SqliteConn, name: string, obs: ProcessObservation, now: number, idleGraceMs?: number): StateWrite | undefined {
  return writeState(db, name, now, idleGraceMs, false, (row) => {
    const exitedNow = obs.state === 'exited' && row.processState !== 'exited';
    return {
      processState: obs.state,
      processAt: row.processState === obs.state && row.processAt !== null ? row.processAt : now,
      foreground: obs.foreground,
      ...(exitedNow ? { hookState: null, hookStateAt: null, permission: null } : {}),
    };
  });
}

/** Re-derive with the current time (a screen override waiting out its grace period). */
export function refreshSessionState(db: SqliteConn, name: string, now: number, idleGraceMs?: number): StateWrite | undefined {
  return writeState(db, name, now, idleGraceMs, false, () => ({}));
}

type Patch = Partial<
  Pick<
    SessionRow,
    'hookState' | 'hookStateAt' | 'hookSessionId' | 'screenState' | 'screenStateAt' | 'screenHash' | 'processState' | 'processAt' | 'foreground' | 'permission' | 'lastOutput'
  >
> & {
  /** The screen's tail: becomes last_output only when the screen decides the state (see writeState). */
  screenOutput?: string | undefined;
};

function writeState(
  db: SqliteConn,
  name: string,
  now: number,
  idleGraceMs: number | undefined,
  activity: boolean,
  patch: (row: SessionRow) => Patch,
): StateWrite | undefined {
  return immediate(db, () => {
    const row = getSession(db, name);
    if (!row) return undefined;
    const { screenOutput, ...changes } = patch(row);
    const next: SessionRow = { ...row, ...changes };
    const derived = deriveState(
      {
        current: row.state,
        hookState: next.hookState,
        hookAt: next.hookStateAt,
        screenState: next.screenState,
        screenAt: next.screenStateAt,
        processState: next.processState,
      },
      now,
      idleGraceMs,
    );
    const changed = derived.state !== row.state;
    // The screen's tail is the last output of a session the screen drives; where a hook decides,
    // the hook's own text (Stop's last_assistant_message) stays: it is the exact response.
    if (screenOutput !== undefined && (derived.source === 'screen' || next.hookStateAt === null)) next.lastOutput = excerpt(screenOutput);
    next.state = derived.state;
    next.stateSource = derived.source ?? (changed ? null : row.stateSource);
    next.stateAt = changed ? now : row.stateAt;
    next.lastActivity = activity ? Math.max(now, row.lastActivity ?? 0) : row.lastActivity;
    const patched =
      next.lastOutput !== row.lastOutput ||
      (Object.keys(changes) as (keyof typeof changes)[]).some((k) => JSON.stringify(changes[k]) !== JSON.stringify(row[k]));
    // A recheck that changes nothing writes nothing (no WAL traffic, no wake-up for other daemons).
    if (!changed && !activity && !patched && next.stateSource === row.stateSource) {
      return { session: row, from: row.state, to: row.state, changed: false, recheckAt: derived.recheckAt };
    }
    next.updatedAt = now;
    db.sqlite
      .prepare(
        `UPDATE sessions SET state = @state, state_source = @stateSource, state_at = @stateAt, hook_state = @hookState,
           hook_state_at = @hookStateAt, hook_session_id = @hookSessionId, screen_state = @screenState,
           screen_state_at = @screenStateAt, screen_hash = @screenHash, process_state = @processState,
           process_at = @processAt, foreground = @foreground, permission = @permission,
           last_activity = @lastActivity, last_output = @lastOutput, updated_at = @updatedAt
         WHERE name = @name`,
      )
      .run({ ...next, permission: next.permission ? JSON.stringify(next.permission) : null });
    return { session: next, from: row.state, to: next.state, changed, recheckAt: derived.recheckAt };
  });
}

/** Output seen at `at`; callers throttle (a spinner must not cost a write per frame). */
export function touchSessionActivity(db: SqliteConn, name: string, at: number): boolean {
  const r = db.sqlite
    .prepare('UPDATE sessions SET last_activity = @at WHERE name = @name AND (last_activity IS NULL OR last_activity < @at)')
    .run({ name, at });
  return r.changes === 1;
}
