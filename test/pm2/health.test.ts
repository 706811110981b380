import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { architect, REPO_ROOT } from '../support/cli';
import { Pm2Home } from '../support/pm2Home';
import { TmuxServer } from '../support/tmuxServer';
import { waitFor } from '../support/waitFor';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof import('better-sqlite3');

interface HealthJson {
  status: string;
  reasons: string[];
  checks: { name: string; state: string; status: string; message: string }[];
  daemon: { running: boolean; pid: number | null };
}
interface OutageJson {
  check: string;
  open: boolean;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
}

let pm2: Pm2Home | undefined;
let tmux: TmuxServer | undefined;
let home: string | undefined;
afterEach(() => {
  pm2?.kill();
  tmux?.kill();
  if (home) fs.rmSync(home, { recursive: true, force: true });
  pm2 = tmux = home = undefined;
});

describe('the health daemon under real PM2', () => {
  it('turns a SIGKILLed daemon into an outage after the threshold and closes it when the daemon is back', async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-health-'));
    fs.mkdirSync(path.join(home, 'logs'));
    tmux = new TmuxServer('arch-health-pm2');
    const configPath = path.join(home, 'architect.config.json');
    fs.writeFileSync(
      configPath,
      JSON.stringify({
        taskWorker: { heartbeatMs: 300, pollMs: 500, leaseMs: 5000 },
        health: { intervalMs: 300, heartbeatMs: 300, workerGraceMs: 900, failuresToDown: 3, successesToUp: 2, quickCheckEveryMs: 60_000 },
      }),
    );
    const env = { ARCHITECT_HOME: home, ARCHITECT_CONFIG: configPath, ARCHITECT_TMUX_SOCKET: tmux.socket, LOG_LEVEL: 'info' };
    expect(architect(['db', 'migrate'], env).code).toBe(0);
    pm2 = new Pm2Home(env);
    const cliEnv = { ...env, PM2_HOME: pm2.home };
    const health = () => {
      const r = architect(['health', '--json'], cliEnv);
      return { code: r.code, ...(JSON.parse(r.stdout) as HealthJson) };
    };
    const check = (name: string) => health().checks.find((c) => c.name === name);
    const outages = () => JSON.parse(architect(['outages', '--json'], cliEnv).stdout) as OutageJson[];

    const started = pm2.run(['start', path.join(REPO_ROOT, 'ecosystem.config.cjs'), '--only', 'health'], { timeoutMs: 60_000 });
    expect(started.status, started.stderr).toBe(0);
    // The victim: a task worker PM2 will not restart, so its death stays a death.
    const victim = pm2.run(['start', path.join(REPO_ROOT, 'apps/task-worker/dist/main.js'), '--name', 'task-worker', '--no-autorestart'], { cwd: REPO_ROOT });
    expect(victim.status, victim.stderr).toBe(0);

    await waitFor('the health daemon sees the worker and PM2', () => {
      const h = health();
      const ok = (n: string) => h.checks.some((c) => c.name === n && c.state === 'up' && c.status === 'ok');
      return h.daemon.running && ok('worker:task-worker:0') && ok('pm2:task-worker:0') && ok('pm2') && ok('tmux') ? h : undefined;
    }, { timeoutMs: 30_000 });

    const pid = pm2.list().find((p) => p.name === 'task-worker')!.pid;
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const down = await waitFor('the worker check down', () => {
      const h = health();
      return h.checks.find((c) => c.name === 'worker:task-worker:0' && c.state === 'down') ? h : undefined;
    }, { timeoutMs: 20_000 });
    expect(down.code).toBe(1);
    expect(['DEGRADED', 'DOWN']).toContain(down.status);
    expect(down.reasons.some((r) => /^task-worker:0 silent for \d+ s \(down \d+ s\)$/.test(r))).toBe(true);
    // Down only after three failed samples: silence past heartbeat + grace (1.2 s), then 3 cycles.
    const db = new Database(path.join(home, 'data', 'architect.db'), { readonly: true });
    try {
      const transition = db
        .prepare("SELECT details FROM health_checks WHERE check_name = 'worker:task-worker:0' AND json_extract(details, '$.transition') = 'down'")
        .all() as { details: string }[];
      expect(transition).toHaveLength(1);
      expect(JSON.parse(transition[0]!.details)).toMatchObject({ failStreak: 3 });
      const alert = db.prepare("SELECT message FROM alerts WHERE kind = 'health' AND message LIKE 'DOWN worker:task-worker:0%'").all();
      expect(alert).toHaveLength(1);
    } finally {
      db.close();
    }
    const open = outages().filter((o) => o.check === 'worker:task-worker:0');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ open: true, ended_at: null });
    expect(open[0]!.started_at - killedAt).toBeGreaterThanOrEqual(1200);

    // SIGKILL the health daemon mid-outage: PM2 restarts it, and it must not open a second outage.
    const healthPid = pm2.list().find((p) => p.name === 'health')!.pid;
    process.kill(healthPid, 'SIGKILL');
    await waitFor('health daemon restarted and cycling', () => {
      const p = pm2!.list().find((x) => x.name === 'health');
      const h = health();
      return p && p.status === 'online' && p.pid !== healthPid && h.daemon.running && h.daemon.pid === p.pid;
    }, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(outages().filter((o) => o.check === 'worker:task-worker:0')).toHaveLength(1);

    // Bring the worker back: two good samples and the outage closes with its duration.
    const restarted = pm2.run(['restart', 'task-worker']);
    expect(restarted.status, restarted.stderr).toBe(0);
    const closed = await waitFor('the outage closed', () => {
      const o = outages().find((x) => x.check === 'worker:task-worker:0');
      return o && !o.open ? o : undefined;
    }, { timeoutMs: 20_000 });
    expect(closed.duration_ms).toBe(closed.ended_at! - closed.started_at);
    expect(closed.duration_ms).toBeGreaterThan(1000);
    expect(check('worker:task-worker:0')).toMatchObject({ state: 'up', status: 'ok' });
    const healthy = await waitFor('HEALTHY again', () => {
      const h = health();
      return h.status === 'HEALTHY' ? h : undefined;
    }, { timeoutMs: 20_000 });
    expect(healthy.code).toBe(0);
    expect(healthy.reasons).toEqual([]);
  }, 180_000);
});
