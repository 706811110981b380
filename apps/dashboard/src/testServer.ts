/**
 * Test support: a real dashboard on 127.0.0.1 (ephemeral port) over a real migrated temp
 * database, and a tiny HTTP client that controls every header (Host, Origin, Cookie).
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { hashPassword, parseFileConfig, parseEnv, silentLogger, systemClock, type Config } from '@architect/core';
import { writePasswordHash } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { TmuxDriver } from '@architect/tmux';
import { ChangeHub } from './live/changeHub';
import { liveSnapshot } from './live/snapshot';
import { DashboardServer } from './server';

export const TEST_PASSWORD = 'correct horse battery staple';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export class TestDashboard {
  readonly db: TempDb;
  readonly server: DashboardServer;
  readonly hub: ChangeHub;

  constructor(fileConfig: Record<string, unknown> = {}, opts: { tmuxSocket?: string; db?: TempDb } = {}) {
    this.db = opts.db ?? tempDb();
    writePasswordHash(this.db, hashPassword(TEST_PASSWORD), Date.now());
    const env = parseEnv({ ARCHITECT_HOME: this.db.dir, ...(opts.tmuxSocket ? { ARCHITECT_TMUX_SOCKET: opts.tmuxSocket } : {}) }, this.db.dir);
    const config: Config = { ...env, file: parseFileConfig(fileConfig, 'test') };
    const log = silentLogger();
    this.hub = new ChangeHub({ snapshot: () => liveSnapshot(this.db, Date.now()), log, coalesceMs: 20 });
    this.server = new DashboardServer(
      { db: this.db, config, log, clock: systemClock, tmux: new TmuxDriver({ socket: opts.tmuxSocket ?? 'arch-dash-none', timeoutMs: 5000 }), hub: this.hub },
      { host: '127.0.0.1', port: 0, root: ROOT },
    );
  }

  async start(): Promise<this> {
    this.hub.start();
    await this.server.start();
    return this;
  }

  async stop(): Promise<void> {
    this.hub.stop();
    await this.server.stop();
    this.db.dispose();
  }

  get origin(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  request(method: string, url: string, opts: { headers?: Record<string, string>; body?: string | Buffer; cookie?: string } = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { host: `127.0.0.1:${this.server.port}`, ...opts.headers };
      if (opts.cookie) headers.cookie = opts.cookie;
      const req = http.request({ host: '127.0.0.1', port: this.server.port, method, path: url, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
      });
      req.on('error', reject);
      if (opts.body !== undefined) req.write(opts.body);
      req.end();
    });
  }

  /** Log in through the real form flow; returns the session cookie and its CSRF token. */
  async login(password = TEST_PASSWORD): Promise<{ cookie: string; csrf: string; before: string }> {
    const page = await this.request('GET', '/login', { headers: { accept: 'text/html' } });
    const before = cookieOf(page);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const r = await this.request('POST', '/login', {
      cookie: before,
      headers: { 'content-type': 'application/json', origin: this.origin },
      body: JSON.stringify({ password, _csrf: token }),
    });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.body}`);
    return { cookie: cookieOf(r), csrf: r.json().csrf as string, before };
  }

  /** A JSON state change as the page's script makes it. */
  post(url: string, auth: { cookie: string; csrf: string }, body: unknown): Promise<Reply> {
    return this.request('POST', url, {
      cookie: auth.cookie,
      headers: { 'content-type': 'application/json', origin: this.origin, 'x-csrf-token': auth.csrf },
      body: JSON.stringify(body),
    });
  }
}

export function cookieOf(r: Reply): string {
  const set = r.headers['set-cookie'] ?? [];
  const c = set.find((s) => s.startsWith('architect.sid='));
  return c ? c.split(';')[0]! : '';
}
