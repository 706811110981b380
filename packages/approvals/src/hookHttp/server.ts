import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { toError, type Logger } from '@architect/core';

export interface HookHttpServerOptions {
  /** Loopback port to bind; 0 = any free one (tests). */
  port: number;
  /** Is `token` this session's secret? Checked before the body is read. */
  authenticate: (session: string, token: string) => boolean;
  /**
   * One authenticated event → the body Claude reads (a hook's stdout: '' or a JSON object). It may
   * `reply` earlier (as soon as the answer is known, before recording): the first answer counts.
   */
  handle: (session: string, payload: unknown, reply: (body: string) => void) => Promise<string>;
  log: Logger;
  /** Same bound as `architect hook` reading stdin. */
  maxBodyBytes?: number;
}

export const HOOK_HTTP_MAX_BODY = 1024 * 1024;

/** Paths are `/hook/<session>`; the session name is not a secret, the bearer token is. */
const PATH_RE = /^\/hook\/([A-Za-z0-9_.%-]{1,200})$/;

/**
 * The receiver of Claude Code's `type: "http"` hooks: Claude POSTs the JSON a command hook would
 * read on stdin and reads the same JSON back from the body — no process per event. Listens on
 * 127.0.0.1 only. Every request must carry `Authorization: Bearer <the session's secret>`; one
 * without it, or with another session's, gets 401 before its body is even read, and nothing is
 * recorded. Claude treats a non-2xx answer or a refused connection as a non-blocking error and
 * goes on, so a receiver that is down never holds an agent up.
 */
export class HookHttpServer {
  private server: http.Server | undefined;
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly opts: HookHttpServerOptions) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  /** The bound port (after listen). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => this.serve(req, res));
    server.keepAliveTimeout = 5000;
    server.headersTimeout = 5000;
    server.requestTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.opts.log.error({ err }, 'hook receiver error'));
    this.server = server;
    this.opts.log.info({ port: this.port }, 'receiving http hooks on 127.0.0.1');
  }

  /** Stop accepting, finish the events being recorded, drop idle keep-alive connections. Idempotent. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.all([...this.inflight]);
    server.closeAllConnections();
    await closed;
    this.opts.log.info({}, 'hook receiver closed');
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const match = PATH_RE.exec(req.url ?? '');
    if (req.method !== 'POST') return reject(res, 405, 'POST only');
    if (!match) return reject(res, 404, 'not a hook path');
    let session: string;
    try {
      session = decodeURIComponent(match[1]!);
    } catch {
      return reject(res, 404, 'not a hook path');
    }
    const auth = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !this.opts.authenticate(session, auth[1]!)) {
      this.opts.log.warn({ session, remote: req.socket.remoteAddress, token: auth ? 'wrong' : 'missing' }, 'hook request refused: not the session secret');
      return reject(res, 401, 'missing or wrong session secret');
    }
    const max = this.opts.maxBodyBytes ?? HOOK_HTTP_MAX_BODY;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('error', () => undefined); // Claude gave up (its timeout): nothing to answer
    req.on('end', () => {
      if (tooBig) return reject(res, 413, `body over ${max} bytes`);
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reject(res, 400, 'body is not JSON');
      }
      const work = this.answer(res, session, payload);
      this.inflight.add(work);
      void work.finally(() => this.inflight.delete(work));
    });
  }

  private async answer(res: http.ServerResponse, session: string, payload: unknown): Promise<void> {
    // Only a PermissionRequest waits for an answer (the decision). Every other event is answered
    // before it is recorded: Claude goes on at once; the record follows within milliseconds.
    const waits = (payload as { hook_event_name?: unknown } | null)?.hook_event_name === 'PermissionRequest';
    let replied = false;
    const reply = (text: string): void => {
      if (replied) return;
      replied = true;
      respond(res, text);
    };
    if (!waits) reply('');
    let body = '';
    try {
      body = await this.opts.handle(session, payload, reply);
    } catch (raw) {
      // Recorded or not, the answer is "no decision": Claude goes on / shows its dialog.
      this.opts.log.error({ err: toError(raw), session }, 'hook event failed');
    }
    reply(body);
  }
}

function respond(res: http.ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function reject(res: http.ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  // A refused request's body is not read: close the connection rather than drain it.
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}
