import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { HOOK_SOCKET_MAX_REQUEST_BYTES, HOOK_SOCKET_TIMING, HOOK_SOCKET_VERSION, socketPathFits, type HookSocketReply } from '@architect/approvals';
import { toError, type Logger } from '@architect/core';

export interface HookSocketServerOptions {
  /** hookSocketPath(home): data/run/auto-confirm.sock. */
  socketPath: string;
  /** One request line → one reply. */
  handle: (line: string) => Promise<HookSocketReply>;
  log: Logger;
}

/**
 * The unix socket `architect hook` asks for PermissionRequest decisions: listened on only while
 * this process holds the auto-confirm lease. One JSON line in, one out, then the connection
 * closes. The socket is 0600 in a 0700 directory, so only this user can connect.
 *
 * It is bound under a private temporary name and renamed into place: the rename atomically
 * replaces a stale socket left by a process that died (or a holder that lost its lease), and the
 * unlink on close removes the socket only if it is still ours — a successor's socket is never
 * deleted by the predecessor shutting down.
 */
export class HookSocketServer {
  private server: net.Server | undefined;
  private inode: number | undefined;
  private bindCount = 0;
  /** Open connections; true while a request on it is being answered. */
  private readonly conns = new Map<net.Socket, boolean>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly opts: HookSocketServerOptions) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const { socketPath, log } = this.opts;
    const dir = path.dirname(socketPath);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || st.uid !== process.getuid?.()) throw new Error(`${dir} is not a directory owned by this user`);
    if ((st.mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700);
    const tmp = path.join(dir, `.ac-${process.pid}-${++this.bindCount}.sock`);
    if (!socketPathFits(socketPath) || !socketPathFits(tmp)) throw new Error(`${socketPath} is too long for a unix socket`);
    fs.rmSync(tmp, { force: true });
    const server = net.createServer((conn) => this.accept(conn));
    server.maxConnections = 64;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(tmp, () => {
        server.off('error', reject);
        resolve();
      });
    });
    try {
      fs.chmodSync(tmp, 0o600);
      fs.renameSync(tmp, socketPath);
      this.inode = fs.lstatSync(socketPath).ino;
    } catch (err) {
      server.close();
      throw err;
    }
    server.on('error', (err) => log.error({ err, socket: socketPath }, 'hook socket error'));
    this.server = server;
    log.info({ socket: socketPath }, 'answering hook requests on the socket');
  }

  /** Stop accepting, remove our socket file, finish the requests being answered. Idempotent. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.unlinkIfOurs();
    // A connection that has not sent its request yet is dropped: the hook then decides itself.
    for (const [conn, busy] of this.conns) if (!busy) conn.destroy();
    await Promise.all([...this.inflight]);
    await closed;
    this.opts.log.info({ socket: this.opts.socketPath }, 'hook socket closed');
  }

  private unlinkIfOurs(): void {
    try {
      if (fs.lstatSync(this.opts.socketPath).ino === this.inode) fs.unlinkSync(this.opts.socketPath);
    } catch {
      // already gone
    }
    this.inode = undefined;
  }

  private accept(conn: net.Socket): void {
    this.conns.set(conn, false);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const idle = setTimeout(() => conn.destroy(), HOOK_SOCKET_TIMING.requestReadMs);
    conn.on('error', () => undefined); // the hook gave up or exited: nothing to tell it
    conn.on('close', () => {
      clearTimeout(idle);
      this.conns.delete(conn);
    });
    conn.on('data', (chunk: Buffer) => {
      if (done) return;
      const nl = chunk.indexOf(10);
      chunks.push(nl < 0 ? chunk : chunk.subarray(0, nl));
      size += nl < 0 ? chunk.length : nl;
      if (size > HOOK_SOCKET_MAX_REQUEST_BYTES) {
        done = true;
        clearTimeout(idle);
        conn.end(`${JSON.stringify({ v: HOOK_SOCKET_VERSION, ok: false, refused: 'bad-request', reason: 'request too long' } satisfies HookSocketReply)}\n`);
        return;
      }
      if (nl < 0) return;
      done = true;
      clearTimeout(idle);
      this.conns.set(conn, true);
      const work = this.answer(conn, Buffer.concat(chunks).toString('utf8'));
      this.inflight.add(work);
      void work.finally(() => this.inflight.delete(work));
    });
  }

  private async answer(conn: net.Socket, line: string): Promise<void> {
    let reply: HookSocketReply;
    try {
      reply = await this.opts.handle(line);
    } catch (raw) {
      // Not a refusal: the request may have been recorded, so the hook must not decide it again.
      this.opts.log.error({ err: toError(raw) }, 'hook request failed');
      reply = { v: HOOK_SOCKET_VERSION, ok: true, decision: null, warnings: [`auto-confirm daemon failed: ${toError(raw).message}`] };
    }
    conn.end(`${JSON.stringify(reply)}\n`);
  }
}
