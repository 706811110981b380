/**
 * The sessions table: the config file's sessions plus what Architect observes about each. Here:
 * reading rows (one session, the list, the list with each current prompt's first line).
 */
import type { SqliteConn } from '../openSqlite';
import type { SessionState } from '../schema/sessions';
import type { HookSignal, ProcessSignal, ScreenSignal, StateSource } from './sessionPrecedence';

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
  processState: ProcessSignal | null;
  processAt: number | null;
  /** The pane's foreground command line as the process check last saw it. */
  foreground: string | null;
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

const SELECT = `SELECT name, provider, role, specialties, host, cwd, managed, state, state_source, state_at, hook_state,
  hook_state_at, hook_session_id, screen_state, screen_state_at, screen_hash, process_state, process_at, foreground, permission, current_prompt_id,
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
    processState: (r.process_state as ProcessSignal | null) ?? null,
    processAt: (r.process_at as number | null) ?? null,
    foreground: (r.foreground as string | null) ?? null,
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

export function getSession(db: SqliteConn, name: string): SessionRow | undefined {
  const r = db.sqlite.prepare(`${SELECT} WHERE name = ?`).get(name) as Raw | undefined;
  return r ? toRow(r) : undefined;
}

export function listSessionRows(db: SqliteConn, opts: { managedOnly?: boolean } = {}): SessionRow[] {
  const where = opts.managedOnly ? ' WHERE managed = 1' : '';
  return (db.sqlite.prepare(`${SELECT}${where} ORDER BY managed DESC, name`).all() as Raw[]).map(toRow);
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
