import os from 'node:os';
import path from 'node:path';
import { defaultVaultKeyPath } from '../protectedPaths';

/**
 * The hook socket: `architect hook` asks the running auto-confirm daemon (policy compiled,
 * database open) for a PermissionRequest decision instead of loading all of that itself. One
 * JSON line each way per connection. The hook side imports this file and node built-ins only,
 * so the fast path never loads better-sqlite3, zod, pino or the policy's WASM.
 */
export const HOOK_SOCKET_VERSION = 1;

declare const __ARCHITECT_BUILD__: string | undefined;
/**
 * Which source this bundle was built from (a hash, see tsup.base.ts; 'dev' from source). The
 * daemon answers only hooks of its own build: one started before the last build still runs the
 * old policy code, which a hook built from the new code must not be answered with.
 */
export const ARCHITECT_BUILD: string = typeof __ARCHITECT_BUILD__ === 'string' ? __ARCHITECT_BUILD__ : 'dev';

/**
 * Timing, chosen so that a request is decided and recorded exactly once:
 * - the daemon starts a request no later than START_WINDOW_MS after the hook sent it, else it
 *   refuses it without recording anything ("late");
 * - once started, it finishes within its connection's busy timeout per write (two writes) plus
 *   milliseconds of CPU: DAEMON_BUSY_TIMEOUT_MS;
 * - the hook waits REPLY_WAIT_MS after sending, longer than both together, so a reply that never
 *   came means the daemon never started and the hook may decide itself.
 */
export const HOOK_SOCKET_TIMING = {
  connectTimeoutMs: 250,
  startWindowMs: 250,
  daemonBusyTimeoutMs: 250,
  replyWaitMs: 1000,
  /** The daemon drops a connection that has not sent its request line by then. */
  requestReadMs: 2000,
} as const;

/** The hook reads at most 1 MB of stdin; the envelope adds little. */
export const HOOK_SOCKET_MAX_REQUEST_BYTES = 1024 * 1024 + 64 * 1024;
export const HOOK_SOCKET_MAX_REPLY_BYTES = 64 * 1024;

/** `$ARCHITECT_HOME/data/run/auto-confirm.sock`; data/run is 0700, the socket 0600. */
export function hookSocketDir(home: string): string {
  return path.join(home, 'data', 'run');
}

export function hookSocketPath(home: string): string {
  return path.join(hookSocketDir(home), 'auto-confirm.sock');
}

/**
 * A unix socket address holds 107 bytes on Linux, and Node (libuv) silently truncates a longer
 * path when binding or connecting — to some other file. Neither side uses such a path.
 */
export function socketPathFits(socketPath: string): boolean {
  return Buffer.byteLength(socketPath) <= 107;
}

/**
 * Everything the hook's own decision would depend on besides the request: the daemon answers
 * only when its context is identical, so the socket can never decide differently from the hook.
 */
export interface HookContext {
  home: string;
  dbPath: string;
  configPath: string;
  vaultKeyPath: string;
  userHome: string;
}

/** The same rules as parseEnv in @architect/core and the hook's own config loader. */
export function hookContext(env: NodeJS.ProcessEnv, defaultHome: string): HookContext {
  const home = path.resolve(env.ARCHITECT_HOME || defaultHome);
  return {
    home,
    dbPath: path.resolve(home, env.ARCHITECT_DB || path.join('data', 'architect.db')),
    configPath: path.resolve(home, env.ARCHITECT_CONFIG || 'architect.config.json'),
    vaultKeyPath: env.ARCHITECT_VAULT_KEY ?? defaultVaultKeyPath(home),
    userHome: os.homedir(),
  };
}

export interface HookSocketRequest {
  v: typeof HOOK_SOCKET_VERSION;
  kind: 'PermissionRequest';
  /** Date.now() when the hook sent it (same machine, same clock). */
  sentAt: number;
  /** ARCHITECT_BUILD of the hook. */
  build: string;
  context: HookContext;
  /** ARCHITECT_SESSION as the hook saw it (validated by the sessions layer like any hook). */
  session: string | null;
  /** The hook event exactly as Claude Code sent it. */
  payload: Record<string, unknown>;
}

export type HookSocketDecision = { behavior: 'allow' } | { behavior: 'deny'; message: string };

/** Why the daemon did not answer. A refusal guarantees nothing was recorded. */
export type HookSocketRefusal = 'bad-request' | 'not-holder' | 'late' | 'build-mismatch' | 'context-mismatch' | 'config-changed' | 'policy-unreadable';

export type HookSocketReply =
  | {
      v: typeof HOOK_SOCKET_VERSION;
      ok: true;
      /** The event was recorded and decided; null = no decision (Claude shows its dialog). */
      decision: HookSocketDecision | null;
      /** What the hook would have printed on stderr itself. */
      warnings: string[];
    }
  | { v: typeof HOOK_SOCKET_VERSION; ok: false; refused: HookSocketRefusal; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const CONTEXT_KEYS = ['home', 'dbPath', 'configPath', 'vaultKeyPath', 'userHome'] as const;

/** The daemon's check of one request line; anything unexpected is refused, never guessed at. */
export function parseHookSocketRequest(line: string): HookSocketRequest | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  if (!isObject(raw)) return { error: 'not a JSON object' };
  if (raw.v !== HOOK_SOCKET_VERSION) return { error: `unsupported version ${JSON.stringify(raw.v)}` };
  if (raw.kind !== 'PermissionRequest') return { error: 'kind must be PermissionRequest' };
  if (typeof raw.sentAt !== 'number' || !Number.isFinite(raw.sentAt)) return { error: 'sentAt must be a number' };
  if (typeof raw.build !== 'string') return { error: 'build must be a string' };
  if (raw.session !== null && (typeof raw.session !== 'string' || raw.session.length > 200)) return { error: 'session must be a short string or null' };
  const ctx = raw.context;
  if (!isObject(ctx) || !CONTEXT_KEYS.every((k) => typeof ctx[k] === 'string')) return { error: 'context is incomplete' };
  const payload = raw.payload;
  if (!isObject(payload) || payload.hook_event_name !== 'PermissionRequest') return { error: 'payload must be a PermissionRequest event' };
  return {
    v: HOOK_SOCKET_VERSION,
    kind: 'PermissionRequest',
    sentAt: raw.sentAt,
    build: raw.build,
    context: Object.fromEntries(CONTEXT_KEYS.map((k) => [k, ctx[k]])) as unknown as HookContext,
    session: raw.session as string | null,
    payload,
  };
}

/** The hook's check of the reply: only these exact shapes count; anything else is "no answer". */
export function parseHookSocketReply(line: string): HookSocketReply | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(raw) || raw.v !== HOOK_SOCKET_VERSION) return undefined;
  if (raw.ok === false) {
    return typeof raw.refused === 'string' && typeof raw.reason === 'string'
      ? { v: HOOK_SOCKET_VERSION, ok: false, refused: raw.refused as HookSocketRefusal, reason: raw.reason }
      : undefined;
  }
  if (raw.ok !== true) return undefined;
  if (!Array.isArray(raw.warnings) || !raw.warnings.every((w) => typeof w === 'string')) return undefined;
  const d = raw.decision;
  let decision: HookSocketDecision | null;
  if (d === null) decision = null;
  else if (isObject(d) && d.behavior === 'allow' && Object.keys(d).length === 1) decision = { behavior: 'allow' };
  else if (isObject(d) && d.behavior === 'deny' && typeof d.message === 'string' && Object.keys(d).length === 2) decision = { behavior: 'deny', message: d.message };
  else return undefined;
  return { v: HOOK_SOCKET_VERSION, ok: true, decision, warnings: raw.warnings as string[] };
}
