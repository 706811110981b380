import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthSchema, ManualClock, silentLogger } from '@architect/core';
import { enqueueTask, listHealthState, listOutages, registerWorker, syncConfiguredSessions } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { TmuxDriver } from '@architect/tmux';
import { TmuxServer } from '../../../test/support/tmuxServer';
import { Pm2RpcReader, Pm2UnreachableError, type Pm2Process, type Pm2Reader } from './checks/pm2Check';
import { HealthMonitor } from './healthMonitor';
import { healthReport } from './healthReport';

let db: TempDb | undefined;
let tmux: TmuxServer | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  db?.dispose();
  tmux?.kill();
  if (server) await new Promise((r) => server!.close(r));
  db = tmux = server = undefined;
});

/** PM2 at a process edge: the list a test sets, or unreachable. */
class FakePm2 implements Pm2Reader {
  processes: Pm2Process[] | null = null;
  async list(): Promise<Pm2Process[]> {
    if (!this.processes) throw new Pm2UnreachableError('/nowhere', 'no PM2 daemon answers');
    return this.processes;
  }
}

const state = (d: TempDb, name: string) => listHealthState(d).find((r) => r.checkName === name);

describe('HealthMonitor (real database, real tmux, a local HTTP server, injected clock)', () => {
  it('samples every check, turns silence into an outage after the threshold, and reports it in words', async () => {
    db = tempDb();
    tmux = new TmuxServer('arch-health');
    tmux.newSession('dev_worker1', ['sleep', '600']);
    let status = 200;
    server = http.createServer((_req, res) => res.writeHead(status).end('x'));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;

    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const config = healthSchema.parse({ workerGraceMs: 2000, timeoutGraceMs: 1000, quickCheckEveryMs: 0, http: [{ name: 'dash', url, intervalMs: 1000, timeoutMs: 2000 }] });
    const pm2 = new FakePm2();
    syncConfiguredSessions(db, [{ name: 'dev_worker1', provider: 'claude', role: 'worker', specialties: [], cwd: os.tmpdir() }], clock.now());
    registerWorker(db, { name: 'task-worker', instance: 1, pid: 4242, host: os.hostname(), version: 't', heartbeatMs: 1000 }, clock.now());
    const monitor = new HealthMonitor({
      db, log: silentLogger(), config, clock, pm2,
      dbPath: db.path,
      tmux: new TmuxDriver({ socket: tmux.socket }),
      sessionsConfigured: 1,
    });

    await monitor.runCycle();
    expect(state(db, 'worker:task-worker:1')).toMatchObject({ state: 'up', lastStatus: 'ok' });
    expect(state(db, 'tmux')).toMatchObject({ lastStatus: 'ok', critical: true });
    expect(state(db, 'http:dash')).toMatchObject({ lastStatus: 'ok' });
    expect(state(db, 'database')).toMatchObject({ lastStatus: 'ok' });
    expect(state(db, 'disk')?.lastMessage).toMatch(/^disk \d+(\.\d)?% free/);
    expect(state(db, 'pm2')).toMatchObject({ lastStatus: 'fail', lastMessage: 'PM2 not reachable at /nowhere: no PM2 daemon answers' });
    expect(state(db, 'session:dev_worker1')).toMatchObject({ lastStatus: 'ok' });

    // The worker falls silent (its heartbeat stops), the URL starts failing, a task overruns.
    status = 503;
    enqueueTask(db, { type: 'shell', payload: { command: 'true' }, timeoutSeconds: 1, priority: 0, maxAttempts: 1 }, clock.now());
    db.sqlite.prepare("UPDATE tasks SET status = 'running', started_at = ?, worker_id = 'w'").run(clock.now());
    for (let i = 0; i < 3; i++) {
      clock.advance(2000);
      await monitor.runCycle();
    }
    // Silent 6 s > 1 s heartbeat + 2 s grace on each of the last two cycles only: not down yet.
    expect(state(db, 'worker:task-worker:1')).toMatchObject({ state: 'up', failStreak: 2 });
    clock.advance(2000);
    await monitor.runCycle();
    expect(state(db, 'worker:task-worker:1')).toMatchObject({ state: 'down', lastMessage: 'task-worker:1 silent for 8 s' });
    expect(state(db, 'http:dash')).toMatchObject({ state: 'down', lastMessage: 'dash answered 503, expected 200' });
    expect(state(db, 'tasks-timeout')).toMatchObject({ state: 'down' });
    expect(state(db, 'tasks-timeout')?.lastMessage).toMatch(/^task 1 \d+ s past its timeout on w$/);
    expect(listOutages(db, { openOnly: true }).map((o) => o.checkName).sort()).toEqual(['http:dash', 'pm2', 'tasks-timeout', 'worker:task-worker:1']);

    const report = healthReport(db, clock.now());
    expect(report.status).toBe('DEGRADED');
    expect(report.reasons).toContain('task-worker:1 silent for 8 s (down 0 s)');
    expect(report.reasons).toContain('health daemon not running (last check 0 s ago)');

    // tmux dies: a critical check, so the suite is DOWN once it is down.
    tmux.kill();
    pm2.processes = [{ name: 'task-worker', pmId: 0, instance: 1, status: 'online', restarts: 0, pid: 4242 }];
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      await monitor.runCycle();
    }
    expect(state(db, 'tmux')).toMatchObject({ state: 'down', lastMessage: `tmux server on socket ${tmux.socket} not running` });
    expect(healthReport(db, clock.now()).status).toBe('DOWN');
    expect(state(db, 'pm2')).toMatchObject({ state: 'up' });
    expect(state(db, 'pm2:task-worker:1')).toMatchObject({ lastStatus: 'ok' });

    // A crash loop in PM2 warns.
    pm2.processes = [{ name: 'task-worker', pmId: 0, instance: 1, status: 'online', restarts: 5, pid: 4243 }];
    clock.advance(1000);
    await monitor.runCycle();
    expect(state(db, 'pm2:task-worker:1')).toMatchObject({ lastStatus: 'warn', lastMessage: 'task-worker:1 restarted 5 times in 10 min' });
  });

  it('reports an unreachable PM2 through the real RPC client without starting a PM2 daemon', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-no-pm2-'));
    try {
      await expect(new Pm2RpcReader(home, 3000).list()).rejects.toThrow(`PM2 not reachable at ${home}`);
      // A stale socket file with no daemon behind it: the ping fails, nothing is launched.
      fs.writeFileSync(path.join(home, 'rpc.sock'), '');
      await expect(new Pm2RpcReader(home, 3000).list()).rejects.toThrow(`PM2 not reachable at ${home}: no PM2 daemon answers`);
      expect(fs.existsSync(path.join(home, 'pm2.pid'))).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
