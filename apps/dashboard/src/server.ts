import crypto from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArchitectError, toError, type Service } from '@architect/core';
import { createApp, type AppOptions } from './app';
import type { DashboardDeps } from './deps';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Raised at start for an address the config does not allow. */
export class RemoteBindError extends ArchitectError {
  constructor(host: string) {
    super('REMOTE_BIND_REFUSED', `refusing to listen on ${host}: the dashboard can type into agents; set dashboard.allowRemote to true to serve beyond loopback`, { host });
  }
}

/** The Host values and origins served once the port is known. */
export function allowedAddresses(host: string, port: number, extraHosts: string[], extraOrigins: string[]): { hosts: Set<string>; origins: Set<string> } {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  if (!isLoopback(host) && host !== '0.0.0.0' && host !== '::') names.push(host.includes(':') ? `[${host}]` : host);
  const hosts = new Set<string>(names.map((n) => `${n}:${port}`.toLowerCase()));
  for (const h of extraHosts) hosts.add(h.toLowerCase());
  const origins = new Set<string>();
  for (const h of hosts) for (const scheme of ['http', 'https']) origins.add(`${scheme}://${h}`);
  for (const o of extraOrigins) origins.add(new URL(o).origin.toLowerCase());
  return { hosts, origins };
}

export interface DashboardServerOptions {
  host: string;
  port: number;
  root: string;
}

/** The HTTP server as a service: listens on start, stops accepting and closes connections on stop. */
export class DashboardServer implements Service {
  readonly name = 'dashboard-http';
  private server: Server | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  readonly hosts = new Set<string>();
  readonly origins = new Set<string>();
  port = 0;
  readonly app;
  private readonly store;

  constructor(
    private readonly d: DashboardDeps,
    private readonly opts: DashboardServerOptions,
  ) {
    const appOpts: AppOptions = { hosts: this.hosts, origins: this.origins, cookieSecret: crypto.randomBytes(32).toString('hex'), root: opts.root };
    const built = createApp(d, appOpts);
    this.app = built.app;
    this.store = built.store;
  }

  async start(): Promise<void> {
    const cfg = this.d.config.file.dashboard;
    if (!isLoopback(this.opts.host) && !cfg.allowRemote) throw new RemoteBindError(this.opts.host);
    const server = this.app.listen(this.opts.port, this.opts.host);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.port = (server.address() as AddressInfo).port;
    const allowed = allowedAddresses(this.opts.host, this.port, cfg.allowedHosts, cfg.allowedOrigins);
    for (const h of allowed.hosts) this.hosts.add(h);
    for (const o of allowed.origins) this.origins.add(o);
    this.pruneTimer = setInterval(() => {
      try {
        this.store.prune();
      } catch (raw) {
        this.d.log.warn({ err: toError(raw) }, 'pruning expired web sessions failed');
      }
    }, 5 * 60_000);
    this.pruneTimer.unref();
    this.d.log.info({ host: this.opts.host, port: this.port, hosts: [...this.hosts] }, 'dashboard listening');
  }

  async stop(): Promise<void> {
    clearInterval(this.pruneTimer);
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // SSE connections never end on their own.
      server.closeAllConnections();
    });
  }
}
