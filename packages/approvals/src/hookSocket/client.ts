import fs from 'node:fs';
import net from 'node:net';
import {
  ARCHITECT_BUILD,
  HOOK_SOCKET_MAX_REPLY_BYTES,
  HOOK_SOCKET_TIMING,
  HOOK_SOCKET_VERSION,
  hookContext,
  hookSocketDir,
  hookSocketPath,
  parseHookSocketReply,
  socketPathFits,
  type HookSocketDecision,
  type HookSocketRequest,
} from './protocol';

/**
 * What the sessions layer's `delegatePermission` extension point gets back. `handled` means the
 * daemon recorded the event and decided (decision null = leave it to a human); not handled
 * means nothing was recorded anywhere, so the hook records and decides itself.
 */
export type DaemonAnswer =
  | { handled: true; decision: HookSocketDecision | null; warnings: string[] }
  | { handled: false; reason: string; /** Nothing unusual (no daemon running): not worth a warning. */ quiet: boolean };

export interface DaemonDelegateOptions {
  env: NodeJS.ProcessEnv;
  /** ARCHITECT_HOME when the environment does not set it (the repository root). */
  defaultHome: string;
  now?: () => number;
  timing?: Partial<typeof HOOK_SOCKET_TIMING>;
}

/**
 * `architect hook`'s fast path for PermissionRequest: ask the auto-confirm daemon over its unix
 * socket. Any doubt (no socket, a socket someone else could have made, refused, timed out,
 * malformed reply) falls back to deciding in the hook process, exactly as before.
 */
export function daemonPermissionDelegate(opts: DaemonDelegateOptions) {
  return (payload: Record<string, unknown>, envSession: string | undefined): Promise<DaemonAnswer> => {
    const context = hookContext(opts.env, opts.defaultHome);
    const unsafe = unsafeSocket(context.home);
    if (unsafe) return Promise.resolve({ handled: false, ...unsafe });
    const request: HookSocketRequest = {
      v: HOOK_SOCKET_VERSION,
      kind: 'PermissionRequest',
      sentAt: (opts.now ?? Date.now)(),
      build: ARCHITECT_BUILD,
      context,
      session: envSession ?? null,
      payload,
    };
    return ask(hookSocketPath(context.home), request, { ...HOOK_SOCKET_TIMING, ...opts.timing });
  };
}

/**
 * Only a socket this user made, in a directory only this user can write, is asked: otherwise
 * anybody able to put a socket there could answer "allow".
 */
function unsafeSocket(home: string): { reason: string; quiet: boolean } | undefined {
  const uid = process.getuid?.();
  if (!socketPathFits(hookSocketPath(home))) return { reason: 'the socket path is too long for a unix socket', quiet: true };
  try {
    const dir = fs.lstatSync(hookSocketDir(home));
    if (!dir.isDirectory() || dir.uid !== uid || (dir.mode & 0o077) !== 0) return { reason: 'the socket directory is not private to this user', quiet: false };
    const sock = fs.lstatSync(hookSocketPath(home));
    if (!sock.isSocket() || sock.uid !== uid) return { reason: 'the daemon socket is not a socket of this user', quiet: false };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'no auto-confirm daemon socket' : `cannot check the daemon socket (${code})`, quiet: code === 'ENOENT' };
  }
  return undefined;
}

function ask(socketPath: string, request: HookSocketRequest, timing: typeof HOOK_SOCKET_TIMING): Promise<DaemonAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    let sent = false;
    let reply = '';
    const conn = net.createConnection(socketPath);
    const finish = (answer: DaemonAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(answer);
    };
    const fallback = (reason: string, quiet = false) => finish({ handled: false, reason, quiet });
    // Connecting to a unix socket is immediate (or refused at once when the file is stale).
    let timer = setTimeout(() => fallback('connecting to the daemon timed out'), timing.connectTimeoutMs);
    conn.once('connect', () => {
      sent = true;
      clearTimeout(timer);
      const wait = Math.max(0, request.sentAt + timing.replyWaitMs - Date.now());
      timer = setTimeout(() => fallback(`no reply from the daemon within ${timing.replyWaitMs} ms`), wait);
      // Not end(): the daemon answers on this same connection, then closes it.
      conn.write(`${JSON.stringify(request)}\n`);
    });
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      reply += chunk;
      const nl = reply.indexOf('\n');
      if (nl < 0) {
        if (reply.length > HOOK_SOCKET_MAX_REPLY_BYTES) fallback('the daemon reply is too long');
        return;
      }
      const parsed = parseHookSocketReply(reply.slice(0, nl));
      if (!parsed) return fallback('malformed reply from the daemon');
      if (!parsed.ok) return fallback(`the daemon refused: ${parsed.refused} (${parsed.reason})`, parsed.refused === 'not-holder');
      finish({ handled: true, decision: parsed.decision, warnings: parsed.warnings });
    });
    conn.on('error', (err: NodeJS.ErrnoException) => {
      // ECONNREFUSED: a socket file left by a daemon that died; nobody listens.
      fallback(`${sent ? 'lost the daemon connection' : 'cannot connect to the daemon'} (${err.code ?? err.message})`, !sent && err.code === 'ECONNREFUSED');
    });
    conn.on('close', () => fallback('the daemon closed the connection without a reply'));
  });
}
