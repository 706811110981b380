import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runDaemon } from '@architect/core';
import { WorkerRegistration, bootDaemon, runMain } from '@architect/db';
import { HealthMonitor, Pm2RpcReader } from '@architect/health';
import { TmuxDriver } from '@architect/tmux';

// A cycle every few seconds leaves short-lived garbage (tmux and HTTP responses, rows read);
// optimize-for-size collects it sooner, keeping the daemon well inside its 100 MB budget at no
// measurable cost per cycle (most of a cycle is waiting on tmux, PM2 and HTTP).
v8.setFlagsFromString('--optimize-for-size');

/** PM2's kill_timeout for this app is 10 s; the graceful stop must end well before it. */
const STOP_DEADLINE_MS = 8000;

async function main(): Promise<number | undefined> {
  const boot = bootDaemon('health');
  if (!boot) return 1;
  const { config, log, db, once } = boot;
  const health = config.file.health;
  // The PM2 this daemon runs under: PM2 passes its PM2_HOME down to the processes it starts.
  const pm2Home = process.env.PM2_HOME ?? path.join(os.homedir(), '.pm2');
  const registration = new WorkerRegistration({ db, name: 'health', instance: config.instance, heartbeatMs: health.heartbeatMs, log });
  const monitor = new HealthMonitor({
    db,
    log,
    config: health,
    dbPath: config.dbPath,
    tmux: new TmuxDriver({ socket: config.tmuxSocket, timeoutMs: config.file.sessionOptions.tmuxTimeoutMs }),
    sessionsConfigured: config.file.sessions.length,
    ...(health.pm2 ? { pm2: new Pm2RpcReader(pm2Home) } : {}),
    selfWorkerId: () => registration.id,
  });

  if (once) {
    const report = await monitor.runCycle();
    log.info({ durationMs: Math.round(report.durationMs), samples: report.samples, changes: report.changes }, 'one health cycle');
    db.close();
    return 0;
  }
  await runDaemon({ name: 'health', log, services: [registration, monitor], deadlineMs: STOP_DEADLINE_MS });
  return undefined;
}

runMain('health', main);
