import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { architect, REPO_ROOT } from '../support/cli';
import { Pm2Home } from '../support/pm2Home';
import { TmuxServer } from '../support/tmuxServer';
import { waitFor } from '../support/waitFor';
import { freePort } from '../dashboard/dashboardProcess';

const require = createRequire(import.meta.url);
const ecosystem = require(path.join(REPO_ROOT, 'ecosystem.config.cjs')) as {
  apps: { name: string; instances: number; kill_timeout: number }[];
};

interface WorkerJson {
  name: string;
  instance: number;
  pid: number;
  status: string;
  stale: boolean;
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

describe('the suite under real PM2', () => {
  it('starts every daemon, registers it, stops gracefully on SIGINT and restarts after SIGKILL', async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-suite-'));
    fs.mkdirSync(path.join(home, 'logs'));
    tmux = new TmuxServer('arch-pm2');
    const configPath = path.join(home, 'architect.config.json');
    fs.writeFileSync(configPath, JSON.stringify({ taskWorker: { leaseMs: 5000, heartbeatMs: 500, pollMs: 500 } }));
    // The dashboard listens on a free port, never a fixed one another test or user may hold.
    const env = { ARCHITECT_HOME: home, ARCHITECT_CONFIG: configPath, ARCHITECT_TMUX_SOCKET: tmux.socket, PORT: String(await freePort()) };
    expect(architect(['db', 'migrate'], env).code).toBe(0);

    pm2 = new Pm2Home(env);
    const started = pm2.run(['start', path.join(REPO_ROOT, 'ecosystem.config.cjs')], { timeoutMs: 90_000 });
    expect(started.status, started.stderr).toBe(0);

    // wait_ready: PM2 marks a process online only after it sent 'ready'.
    const expected = ecosystem.apps.flatMap((a) => Array.from({ length: a.instances }, (_, i) => ({ name: a.name, instance: i })));
    await waitFor('every daemon online', () => {
      const list = pm2!.list();
      return list.length === expected.length && list.every((p) => p.status === 'online');
    }, { timeoutMs: 30_000 });

    // The allocator settings in the process file reach every daemon (the soak's memory bar rests on them).
    for (const p of pm2.list()) {
      const environ = fs.readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0');
      expect(environ, p.name).toEqual(expect.arrayContaining(['MALLOC_TRIM_THRESHOLD_=131072', 'MALLOC_MMAP_THRESHOLD_=131072']));
    }

    const workers = () => JSON.parse(architect(['workers', '--json'], env).stdout) as WorkerJson[];
    await waitFor('every daemon registered', () =>
      expected.every((e) => workers().some((w) => w.name === e.name && w.instance === e.instance && w.status === 'running' && !w.stale)),
    { timeoutMs: 20_000 });

    // SIGINT (pm2 stop) a task worker that is running a task: it must stop inside its deadline,
    // well before PM2's kill_timeout, and leave the task finished or released — never stuck.
    const add = architect(['tasks', 'add', '--type', 'shell', '--command', 'sleep 30', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    const taskId = (JSON.parse(add.stdout) as { task_id: number }).task_id;
    const running = await waitFor('task running', () => {
      const t = JSON.parse(architect(['tasks', 'show', String(taskId), '--json'], env).stdout) as { status: string; worker_id: string | null };
      return t.status === 'running' ? t : undefined;
    }, { timeoutMs: 15_000 });
    const owner = pm2.list().find((p) => String(running.worker_id).endsWith(`:${p.pid}`));
    expect(owner, 'the worker id names the owning process').toBeDefined();
    const killTimeout = ecosystem.apps.find((a) => a.name === 'task-worker')!.kill_timeout;
    const t0 = Date.now();
    const stop = pm2.run(['stop', String(owner!.pm_id)]);
    const stopMs = Date.now() - t0;
    expect(stop.status, stop.stderr).toBe(0);
    expect(stopMs).toBeLessThan(killTimeout);
    // Released (and perhaps already re-claimed by the other instance) or finished — never left
    // running under the stopped worker's id.
    const task = JSON.parse(architect(['tasks', 'show', String(taskId), '--json'], env).stdout) as { status: string; worker_id: string | null };
    if (task.status === 'running') expect(task.worker_id).not.toContain(`:${owner!.pid}`);
    else expect(['pending', 'done', 'cancelled']).toContain(task.status);
    const stoppedRow = workers().find((w) => w.pid === owner!.pid);
    expect(stoppedRow?.status).toBe('stopped');
    // The other instance picks the released task up.
    await waitFor('released task re-claimed by the other instance', () => {
      const t = JSON.parse(architect(['tasks', 'show', String(taskId), '--json'], env).stdout) as { status: string; worker_id: string | null };
      return t.status === 'running' && !t.worker_id?.includes(`:${owner!.pid}`);
    }, { timeoutMs: 15_000 });

    // SIGKILL another daemon: PM2 restarts it and the registry shows the new pid.
    const victim = pm2.list().find((p) => p.status === 'online')!;
    process.kill(victim.pid, 'SIGKILL');
    const restarted = await waitFor('restart after SIGKILL', () => {
      const p = pm2!.list().find((x) => x.pm_id === victim.pm_id);
      return p && p.status === 'online' && p.pid !== victim.pid && p.pid > 0 ? p : undefined;
    }, { timeoutMs: 20_000 });
    await waitFor('registry shows the new pid', () =>
      workers().some((w) => w.name === victim.name && w.instance === restarted.instance && w.pid === restarted.pid && w.status === 'running'),
    { timeoutMs: 15_000 });
    expect(workers().some((w) => w.pid === victim.pid && w.status === 'running')).toBe(false);
  }, 180_000);
});
