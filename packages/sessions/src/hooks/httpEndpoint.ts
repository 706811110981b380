import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * Where Claude's http hooks go and how each session proves who it is. One small file,
 * `data/run/hook-http.json` (0600 in the 0700 run directory, a protected path the policy never
 * lets an agent read): the receiver's loopback port and a random key. The receiver (auto-confirm)
 * binds that port; `sessions up` writes it into each session's settings URL.
 *
 * A session's secret is HMAC(key, session name): nothing per session is stored anywhere — the
 * receiver recomputes it — and it reaches Claude only through the tmux session's environment
 * (ARCHITECT_HOOK_TOKEN); the settings file names the variable, never the value.
 */
export interface HookEndpoint {
  port: number;
  /** 64 hex characters. */
  key: string;
}

export const HOOK_TOKEN_ENV = 'ARCHITECT_HOOK_TOKEN';

export function hookEndpointPath(home: string): string {
  return path.join(home, 'data', 'run', 'hook-http.json');
}

export function readHookEndpoint(file: string): HookEndpoint | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HookEndpoint>;
    if (typeof raw.port !== 'number' || !Number.isInteger(raw.port) || raw.port < 1 || raw.port > 65_535) return undefined;
    if (typeof raw.key !== 'string' || !/^[0-9a-f]{64}$/.test(raw.key)) return undefined;
    return { port: raw.port, key: raw.key };
  } catch {
    return undefined;
  }
}

/** Atomic (temp file + rename), 0600, in a 0700 directory. */
export function writeHookEndpoint(file: string, endpoint: HookEndpoint): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.hook-http.${process.pid}.${crypto.randomBytes(3).toString('hex')}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(endpoint)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * The endpoint to use, creating or updating the file when needed: a configured port wins; 0
 * keeps the port already in the file (sessions started earlier point at it), else picks a free one.
 * The key is created once and kept.
 */
export async function ensureHookEndpoint(file: string, configuredPort: number): Promise<HookEndpoint> {
  const existing = readHookEndpoint(file);
  const port = configuredPort || existing?.port || (await freeLoopbackPort());
  const endpoint = { port, key: existing?.key ?? crypto.randomBytes(32).toString('hex') };
  if (!existing || existing.port !== endpoint.port) writeHookEndpoint(file, endpoint);
  return endpoint;
}

export function hookToken(key: string, session: string): string {
  return crypto.createHmac('sha256', Buffer.from(key, 'hex')).update(`architect-hook:${session}`).digest('hex');
}

export function verifyHookToken(key: string, session: string, token: string): boolean {
  const want = Buffer.from(hookToken(key, session), 'utf8');
  const got = Buffer.from(token, 'utf8');
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}

export function hookUrl(port: number, session: string): string {
  return `http://127.0.0.1:${port}/hook/${encodeURIComponent(session)}`;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts connections on the loopback port right now (a connect, nothing sent). */
export function receiverAnswers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}
