import fs from 'node:fs';
import { findSessionForHook, recordHookEvent, type SqliteConn } from '@architect/db/lite';
import { hookPokePath, signalsDir } from '../paths';
import { boundPayload } from './boundPayload';
import { permissionHookStdout, validDecision, type PermissionDecision } from './permissionOutput';

export type { PermissionDecision } from './permissionOutput';

/** Claude Code hook events Architect records; anything else is logged and ignored. */
export const KNOWN_HOOK_EVENTS = new Set([
  'SessionStart',
  'SessionEnd',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'Notification',
  'Stop',
  'StopFailure',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'PostCompact',
]);

const SESSION_NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;

export interface HookEvent {
  event: string;
  /** Claude's session id (payload.session_id). */
  sessionId: string | undefined;
  cwd: string | undefined;
  payload: Record<string, unknown>;
}

export interface HookDeps {
  db: SqliteConn;
  now: () => number;
  /** ARCHITECT_SESSION as exported into the tmux session (or set inline in the hook command). */
  envSession: string | undefined;
  /** data/panes: the watcher is poked there after a recorded event. */
  panesDir: string;
  warn: (message: string) => void;
  /**
   * Extension point for auto-confirm: answer a PermissionRequest (allow / deny). Undefined (or a
   * throw) means no decision: nothing is printed and Claude shows its dialog, so a failure in
   * the decider can only ever leave the question to a human.
   */
  decidePermission?: (event: HookEvent, session: string | undefined) => PermissionDecision | undefined | Promise<PermissionDecision | undefined>;
  /**
   * Called as soon as what Claude reads back is known (the decision JSON, or undefined), before
   * the event is recorded: the http receiver answers there, so recording never delays Claude.
   */
  onAnswer?: (stdout: string | undefined) => void;
}

export interface HookOutcome {
  recorded: boolean;
  session?: string;
  hookEventId?: number;
  /** Printed on stdout for Claude (only a permission decision). */
  stdout?: string;
  ignored?: string;
}

/** Validate the parsed stdin JSON into a HookEvent, or say why it is ignored. */
export function parseHookEvent(raw: unknown): HookEvent | { ignored: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ignored: 'hook input is not a JSON object' };
  const payload = raw as Record<string, unknown>;
  const event = payload.hook_event_name;
  if (typeof event !== 'string' || !KNOWN_HOOK_EVENTS.has(event)) {
    return { ignored: `unknown hook event ${JSON.stringify(typeof event === 'string' ? event.slice(0, 64) : event)}` };
  }
  return {
    event,
    sessionId: typeof payload.session_id === 'string' ? payload.session_id.slice(0, 200) : undefined,
    cwd: typeof payload.cwd === 'string' ? payload.cwd : undefined,
    payload,
  };
}

/**
 * One hook event: find its session (ARCHITECT_SESSION, else Claude's session id seen before,
 * else the only managed session with the event's cwd), store the bounded payload and the hook
 * state in one transaction, poke the watcher, and for a PermissionRequest ask the optional
 * decider. Never throws for bad input: the caller always exits 0.
 */
export async function handleHookEvent(deps: HookDeps, raw: unknown): Promise<HookOutcome> {
  const parsed = parseHookEvent(raw);
  if ('ignored' in parsed) {
    deps.warn(parsed.ignored);
    return { recorded: false, ignored: parsed.ignored };
  }
  const envSession = deps.envSession && SESSION_NAME_RE.test(deps.envSession) ? deps.envSession : undefined;
  if (deps.envSession && !envSession) deps.warn(`ignoring invalid ARCHITECT_SESSION ${JSON.stringify(deps.envSession.slice(0, 80))}`);
  const session = envSession ?? findSessionForHook(deps.db, { hookSessionId: parsed.sessionId ?? null, cwd: parsed.cwd ?? null });
  if (!session) deps.warn(`no Architect session for ${parsed.event} (session_id ${parsed.sessionId ?? '-'}, cwd ${parsed.cwd ?? '-'})`);

  let decision: PermissionDecision | undefined;
  if (parsed.event === 'PermissionRequest' && deps.decidePermission) {
    try {
      decision = validDecision(await deps.decidePermission(parsed, session));
    } catch (err) {
      deps.warn(`permission decider failed, leaving the dialog to a human: ${(err as Error).message}`);
    }
  }

  deps.onAnswer?.(decision ? permissionHookStdout(decision) : undefined);
  const recorded = recordHookEvent(
    deps.db,
    { session, event: parsed.event, payload: boundPayload(parsed.payload), hookSessionId: parsed.sessionId ?? null, decided: decision !== undefined },
    deps.now(),
  );
  if (session) poke(deps.panesDir, session, recorded.id);

  const outcome: HookOutcome = { recorded: true, hookEventId: recorded.id };
  if (session) outcome.session = session;
  if (decision) outcome.stdout = permissionHookStdout(decision);
  return outcome;
}

/** Tell watchers (inotify on data/panes/signals) that this session has a new hook event. */
function poke(panesDir: string, session: string, id: number): void {
  try {
    fs.mkdirSync(signalsDir(panesDir), { recursive: true });
    fs.writeFileSync(hookPokePath(panesDir, session), `${id}\n`);
  } catch {
    // The watcher's periodic scan picks the event up anyway.
  }
}
