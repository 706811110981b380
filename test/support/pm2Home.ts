import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trackResource } from './leakGuard';

const PM2_BIN = path.resolve(import.meta.dirname, '../../node_modules/pm2/bin/pm2');

/**
 * A PM2 daemon of our own: PM2_HOME in a temp dir, so the user's PM2 processes are never seen
 * or touched. `kill()` stops the daemon and removes the directory.
 */
export class Pm2Home {
  readonly home: string;
  private untrack: () => void;

  constructor(readonly env: Record<string, string> = {}) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-pm2-'));
    this.untrack = trackResource(`pm2 daemon ${this.home}`, () => this.kill());
  }

  run(args: string[], opts: { timeoutMs?: number; cwd?: string } = {}): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [PM2_BIN, ...args], {
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 60_000,
      cwd: opts.cwd,
      env: { ...process.env, ...this.env, PM2_HOME: this.home, PM2_DISABLE_VERSION_CHECK: 'true' },
    });
  }

  /** `pm2 jlist` parsed: name, pid, status and restart count of each process. */
  list(): { name: string; pid: number; pm_id: number; status: string; restarts: number; instance: number }[] {
    const r = this.run(['jlist']);
    if (r.status !== 0) throw new Error(`pm2 jlist failed: ${r.stderr}`);
    const start = r.stdout.indexOf('[');
    const apps = JSON.parse(r.stdout.slice(start)) as {
      name: string;
      pid: number;
      pm_id: number;
      pm2_env: { status: string; restart_time: number; NODE_APP_INSTANCE?: number };
    }[];
    return apps.map((a) => ({
      name: a.name,
      pid: a.pid,
      pm_id: a.pm_id,
      status: a.pm2_env.status,
      restarts: a.pm2_env.restart_time,
      instance: Number(a.pm2_env.NODE_APP_INSTANCE ?? 0),
    }));
  }

  kill(): void {
    this.untrack();
    this.run(['kill'], { timeoutMs: 30_000 });
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
