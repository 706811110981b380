/**
 * The sessions table: the config file's sessions plus what Architect observes about each. Every
 * state write reads the row and writes it back inside BEGIN IMMEDIATE, so a hook process and the
 * watcher writing at the same instant serialize and each derives from the other's result.
 */
import { immediate, type SqliteConn } from '../openSqlite';
import type { SessionState } from '../schema/sessions';
import { deriveState, hookSignalOf, type HookSignal, type ScreenSignal, type StateSource } from './sessionPrecedence';

export interface SessionRow {
  name: string;
  provider: string;
  role: string;
  specialties: string[];
  host: string | null;
  cwd: string | null;
  managed: boolean;
  state: SessionState;
  stateSource: StateSource | null;
  stateAt: number | null;
  hookState: HookSignal | null;
  hookStateAt: number | null;
  hookSessionId: string | null;
  screenState: ScreenSignal | null;
  screenStateAt: number | null;
  screenHash: string | null;
  permission: Record<string, unknown> | null;
  currentPromptId: number | null;
  lastActivity: number | null;
  lastOutput: string | null;
  completedCount: number;
  failedCount: number;
  successRate: number;
  avgCompletionMs: number;
  createdAt: number;
  updatedAt: number;
}

export interface StateWrite {
  session: SessionRow;
  from: SessionState;
  to: SessionState;
  /** The effective state moved. */
  changed: boolean;
  /** A pending override becomes due then: call refreshSessionState again at that time. */
  recheckAt: number | undefined;
}

export interface ConfiguredSession {
  name: string;
  provider: string;
  role: string;
  specialties: string[];
  cwd: string;
  host?: string | undefined;
}

export interface SyncResult {
  added: string[];
  updated: string[];
  /** Rows that left the config file: kept for history with managed = 0, never driven. */
  unmanaged: string[];
}

/** last_output keeps an excerpt, not the transcript. */
export const LAST_OUTPUT_MAX_CHARS = 2000;

const SELECT = `SELECT name, provider, role, specialties, host, cwd, managed, state, state_source, state_at, hook_state,
  hook_state_at, hook_session_id, screen_state, screen_state_at, screen_hash, permission, current_prompt_id,
  last_activity, last_output, completed_count, failed_count, success_rate, avg_completion_ms, created_at, updated_at
  FROM sessions`;

type Raw = Record<string, unknown>;

function toRow(r: Raw): SessionRow {
  return {
    name: r.name as string,
    provider: r.provider as string,
    role: r.role as string,
    specialties: parseJson<string[]>(r.specialties) ?? [],
    host: (r.host as string | null) ?? null,
    cwd: (r.cwd as string | null) ?? null,
    managed: r.managed === 1,
    state: r.state as SessionState,
    stateSource: (r.state_source as StateSource | null) ?? null,
    stateAt: (r.state_at as number | null) ?? null,
    hookState: (r.hook_state as HookSignal | null) ?? null,
    hookStateAt: (r.hook_state_at as number | null) ?? null,
    hookSessionId: (r.hook_session_id as string | null) ?? null,
    screenState: (r.screen_state as ScreenSignal | null) ?? null,
    screenStateAt: (r.screen_state_at as number | null) ?? null,
    screenHash: (r.screen_hash as string | null) ?? null,
    permission: parseJson<Record<string, unknown>>(r.permission),
    currentPromptId: (r.current_prompt_id as number | null) ?? null,
    lastActivity: (r.last_activity as number | null) ?? null,
    lastOutput: (r.last_output as string | null) ?? null,
    completedCount: r.completed_count as number,
    failedCount: r.failed_count as number,
    successRate: r.success_rate as number,
    avgCompletionMs: r.avg_completion_ms as number,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

function parseJson<T>(v: unknown): T | null {
  if (typeof v !== 'string') return null;
  try {
    return JSON.parse(v) as T;
  } catch {
    return null;
  }
}

export function excerpt(text: string, max = LAST_OUTPUT_MAX_CHARS): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

export function getSession(db: SqliteConn, name: string): SessionRow | undefined {
  const r = db.sqlite.prepare(`${SELECT} WHERE name = ?`).get(name) as Raw | undefined;
  return r ? toRow(r) : undefined;
}

export function listSessionRows(db: SqliteConn, opts: { managedOnly?: boolean } = {}): SessionRow[] {
  const where = opts.managedOnly ? ' WHERE managed = 1' : '';
  return (db.sqlite.prepare(`${SELECT}${where} ORDER BY managed DESC, name`).all() as Raw[]).map(toRow);
}

/** Upsert every configured session as managed; any other managed row becomes unmanaged. */
export function syncConfiguredSessions(db: SqliteConn, configured: readonly ConfiguredSession[], now: number): SyncResult {
  return immediate(db, () => {
    const existing = new Map(
      (db.sqlite.prepare('SELECT name, provider, role, specialties, cwd, host, managed FROM sessions').all() as Raw[]).map((r) => [r.name as string, r]),
    );
    const upsert = db.sqlite.prepare(
      `INSERT INTO sessions (name, provider, role, specialties, cwd, host, managed, state, created_at, updated_at)
       VALUES (@name, @provider, @role, @specialties, @cwd, @host, 1, 'unknown', @now, @now)
       ON CONFLICT(name) DO UPDATE SET provider = excluded.provider, role = excluded.role,
         specialties = excluded.specialties, cwd = excluded.cwd, host = excluded.host, managed = 1, updated_at = @now`,
    );
    const result: SyncResult = { added: [], updated: [], unmanaged: [] };
    for (const s of configured) {
      const row = { name: s.name, provider: s.provider, role: s.role, specialties: JSON.stringify(s.specialties), cwd: s.cwd, host: s.host ?? null, now };
      const before = existing.get(s.name);
      if (!before) result.added.push(s.name);
      else if (
        before.managed !== 1 ||
        before.provider !== row.provider ||
        before.role !== row.role ||
        before.specialties !== row.specialties ||
        before.cwd !== row.cwd ||
        (before.host ?? null) !== row.host
      ) {
        result.updated.push(s.name);
      } else continue;
      upsert.run(row);
    }
    const keep = new Set(configured.map((s) => s.name));
    const drop = db.sqlite.prepare('UPDATE sessions SET managed = 0, updated_at = ? WHERE name = ? AND managed = 1');
    for (const [name, r] of existing) {
      if (r.managed === 1 && !keep.has(name)) {
        drop.run(now, name);
        result.unmanaged.push(name);
      }
    }
    return result;
  });
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
    if (obs.event === 'SessionStart' && !['starting', 'unknown', 'idle'].includes(row.state)) signal = undefined;
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

/** Re-derive with the current time (a screen override waiting out its grace period). */
export function refreshSessionState(db: SqliteConn, name: string, now: number, idleGraceMs?: number): StateWrite | undefined {
  return writeState(db, name, now, idleGraceMs, false, () => ({}));
}

type Patch = Partial<Pick<SessionRow, 'hookState' | 'hookStateAt' | 'hookSessionId' | 'screenState' | 'screenStateAt' | 'screenHash' | 'permission' | 'lastOutput'>> & {
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
    const r = db.sqlite.prepare(`${SELECT} WHERE name = ?`).get(name) as Raw | undefined;
    if (!r) return undefined;
    const row = toRow(r);
    const { screenOutput, ...changes } = patch(row);
    const next: SessionRow = { ...row, ...changes };
    const derived = deriveState(
      { current: row.state, hookState: next.hookState, hookAt: next.hookStateAt, screenState: next.screenState, screenAt: next.screenStateAt },
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
           screen_state_at = @screenStateAt, screen_hash = @screenHash, permission = @permission,
           last_activity = @lastActivity, last_output = @lastOutput, updated_at = @updatedAt
         WHERE name = @name`,
      )
      .run({ ...next, permission: next.permission ? JSON.stringify(next.permission) : null });
    return { session: next, from: row.state, to: next.state, changed, recheckAt: derived.recheckAt };
  });
}

/**
 * The tmux session is gone: state 'gone', signals cleared so a revived session starts clean.
 * Compare-and-swap: a row already gone is left alone (returns undefined).
 */
export function markSessionGone(db: SqliteConn, name: string, now: number): SessionRow | undefined {
  const r = db.sqlite
    .prepare(
      `UPDATE sessions SET state = 'gone', state_source = NULL, state_at = @now, hook_state = NULL, hook_state_at = NULL,
         screen_state = NULL, screen_state_at = NULL, screen_hash = NULL, permission = NULL, updated_at = @now
       WHERE name = @name AND state != 'gone' RETURNING name`,
    )
    .get({ name, now }) as Raw | undefined;
  return r ? getSession(db, name) : undefined;
}

/** `sessions up` just started the agent: 'starting' until the first hook or screen signal. */
export function markSessionStarting(db: SqliteConn, name: string, now: number): boolean {
  const r = db.sqlite
    .prepare(
      `UPDATE sessions SET state = 'starting', state_source = NULL, state_at = @now, hook_state = NULL, hook_state_at = NULL,
         hook_session_id = NULL, screen_state = NULL, screen_state_at = NULL, screen_hash = NULL, permission = NULL,
         last_activity = @now, updated_at = @now
       WHERE name = @name`,
    )
    .run({ name, now });
  return r.changes === 1;
}

/** tmux has the session again (started by hand, or a scan after `up`): gone → unknown. */
export function markSessionPresent(db: SqliteConn, name: string, now: number): boolean {
  const r = db.sqlite
    .prepare(`UPDATE sessions SET state = 'unknown', state_source = NULL, state_at = @now, updated_at = @now WHERE name = @name AND state = 'gone'`)
    .run({ name, now });
  return r.changes === 1;
}

/** Output seen at `at`; callers throttle (a spinner must not cost a write per frame). */
export function touchSessionActivity(db: SqliteConn, name: string, at: number): boolean {
  const r = db.sqlite
    .prepare('UPDATE sessions SET last_activity = @at WHERE name = @name AND (last_activity IS NULL OR last_activity < @at)')
    .run({ name, at });
  return r.changes === 1;
}

export interface SessionView extends SessionRow {
  /** The first line of the prompt in flight, cut to 120 characters. */
  currentPromptExcerpt: string | null;
}

/** Rows plus an excerpt of each session's current prompt, for `sessions list` and the dashboard. */
export function listSessionViews(db: SqliteConn, opts: { managedOnly?: boolean } = {}): SessionView[] {
  const rows = listSessionRows(db, opts);
  const text = db.sqlite.prepare('SELECT content FROM prompts WHERE id = ?');
  return rows.map((row) => {
    const p = row.currentPromptId === null ? undefined : (text.get(row.currentPromptId) as { content: string } | undefined);
    const first = p?.content.split('\n')[0] ?? null;
    return { ...row, currentPromptExcerpt: first === null ? null : first.length > 120 ? `${first.slice(0, 119)}…` : first };
  });
}
