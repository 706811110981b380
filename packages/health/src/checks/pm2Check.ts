import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CheckBatch, CheckSample } from '../sample';

export interface Pm2Process {
  name: string;
  pmId: number;
  instance: number;
  status: string;
  restarts: number;
  pid: number;
}

/** PM2 as the health check sees it; a fake implements this in unit tests, the real one talks RPC. */
export interface Pm2Reader {
  /** Throws Pm2UnreachableError when no PM2 daemon answers at its home. */
  list(): Promise<Pm2Process[]>;
}

export class Pm2UnreachableError extends Error {
  constructor(readonly home: string, detail: string) {
    super(`PM2 not reachable at ${home}: ${detail}`);
    this.name = 'Pm2UnreachableError';
  }
}

interface Pm2Api {
  Client: { pingDaemon(cb: (alive: boolean) => void): void };
  connect(cb: (err: Error | null) => void): void;
  list(cb: (err: Error | null, list: { name: string; pm_id: number; pid: number; pm2_env: { status: string; restart_time: number; NODE_APP_INSTANCE?: number } }[]) => void): void;
  disconnect(): void;
}

/**
 * PM2's programmatic API against one PM2_HOME. `connect()` would launch a PM2 daemon when none
 * runs — a health check must never do that — so it pings the RPC socket first and reports an
 * unreachable PM2 instead. One connection per call: a cycle every few seconds does not justify a
 * long-lived socket that PM2 restarts would leave dangling.
 */
export class Pm2RpcReader implements Pm2Reader {
  constructor(private readonly home: string, private readonly timeoutMs = 5000) {}

  async list(): Promise<Pm2Process[]> {
    // PM2's client creates its home's directory structure on construction: look before touching.
    const sock = path.join(this.home, 'rpc.sock');
    if (!fs.existsSync(sock)) throw new Pm2UnreachableError(this.home, 'no PM2 daemon (no rpc.sock)');
    // PM2's ping exits the whole process on EACCES (a root-owned socket): find out first.
    try {
      fs.accessSync(sock, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      throw new Pm2UnreachableError(this.home, `no permission on ${sock}`);
    }
    // Loaded on first use: the CLI and daemons that never ask PM2 do not pay for the module.
    const pm2 = createRequire(import.meta.url)('pm2') as { custom: new (o: { pm2_home: string }) => Pm2Api };
    const api = new pm2.custom({ pm2_home: this.home });
    const alive = await withTimeout(new Promise<boolean>((r) => api.Client.pingDaemon(r)), this.timeoutMs, false);
    if (!alive) throw new Pm2UnreachableError(this.home, 'no PM2 daemon answers');
    try {
      await withTimeout(new Promise<void>((res, rej) => api.connect((e) => (e ? rej(e) : res()))), this.timeoutMs, undefined);
      const list = await withTimeout(
        new Promise<Parameters<Parameters<Pm2Api['list']>[0]>[1]>((res, rej) => api.list((e, l) => (e ? rej(e) : res(l)))),
        this.timeoutMs,
        undefined,
      );
      if (!list) throw new Pm2UnreachableError(this.home, `no answer within ${this.timeoutMs} ms`);
      return list.map((p) => ({
        name: p.name,
        pmId: p.pm_id,
        instance: Number(p.pm2_env.NODE_APP_INSTANCE ?? 0),
        status: p.pm2_env.status,
        restarts: p.pm2_env.restart_time,
        pid: p.pid,
      }));
    } finally {
      try {
        api.disconnect();
      } catch {
        // Nothing to close when the connect itself failed.
      }
    }
  }
}

function withTimeout<T, D>(p: Promise<T>, ms: number, fallback: D): Promise<T | D> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<D>((r) => (timer = setTimeout(() => r(fallback), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * Counts restarts per PM2 slot over a sliding window: PM2's own counter only grows, so a crash
 * loop is "more than N restarts within the window", remembered between cycles.
 */
export class RestartHistory {
  private readonly seen = new Map<string, { restarts: number; at: number[] }>();

  record(key: string, restarts: number, now: number, windowMs: number): number {
    const h = this.seen.get(key) ?? { restarts, at: [] };
    for (let i = h.restarts; i < restarts; i++) h.at.push(now);
    h.restarts = restarts;
    h.at = h.at.filter((t) => now - t <= windowMs);
    this.seen.set(key, h);
    return h.at.length;
  }
}

export async function pm2Check(
  reader: Pm2Reader,
  history: RestartHistory,
  now: number,
  opts: { maxRestarts: number; windowMs: number },
): Promise<CheckBatch[]> {
  let list: Pm2Process[];
  try {
    list = await reader.list();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // The per-process checks keep their last state: PM2 being unreachable says nothing about them.
    return [{ samples: [{ name: 'pm2', status: 'fail', message }] }];
  }
  const samples: CheckSample[] = list.map((p) => {
    const label = `${p.name}:${p.instance}`;
    const recent = history.record(`${p.pmId}`, p.restarts, now, opts.windowMs);
    const details = { pmId: p.pmId, pid: p.pid, status: p.status, restarts: p.restarts, recentRestarts: recent };
    const name = `pm2:${label}`;
    if (p.status === 'errored') return { name, status: 'fail', message: `${label} errored in PM2 (${p.restarts} restarts)`, value: p.restarts, details };
    if (p.status === 'stopped') return { name, status: 'warn', message: `${label} stopped in PM2`, value: p.restarts, details };
    if (recent > opts.maxRestarts) {
      return { name, status: 'warn', message: `${label} restarted ${recent} times in ${Math.round(opts.windowMs / 60_000)} min`, value: p.restarts, details };
    }
    return { name, status: 'ok', message: `${label} ${p.status} (${p.restarts} restarts)`, value: p.restarts, details };
  });
  return [{ samples: [{ name: 'pm2', status: 'ok', message: `PM2 answers (${list.length} processes)`, value: list.length }] }, { samples, family: 'pm2:' }];
}
