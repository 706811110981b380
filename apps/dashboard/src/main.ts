import { runDaemon, systemClock } from '@architect/core';
import { DbChangeWatcher, WorkerRegistration, bootDaemon, runMain } from '@architect/db';
import { TmuxDriver } from '@architect/tmux';
import { ensurePassword } from './firstPassword';
import { ChangeHub } from './live/changeHub';
import { liveSnapshot } from './live/snapshot';
import { DashboardServer } from './server';

/** PM2's kill_timeout is 10 s; closing the server and its live connections is quick. */
const STOP_DEADLINE_MS = 8000;
const HEARTBEAT_MS = 5000;

async function main(): Promise<number | undefined> {
  const boot = bootDaemon('dashboard');
  if (!boot) return 1;
  const { config, log, db, root } = boot;
  ensurePassword(db, log, Date.now(), (t) => process.stderr.write(t));
  const tmux = new TmuxDriver({
    socket: config.tmuxSocket,
    timeoutMs: config.file.sessionOptions.tmuxTimeoutMs,
    controlMode: config.file.sessionOptions.tmuxControlMode,
  });
  const hub = new ChangeHub({ snapshot: () => liveSnapshot(db, Date.now()), log: log.child({ module: 'change-hub' }) });
  const deps = { db, config, log, clock: systemClock, tmux, hub };
  const server = new DashboardServer(deps, { host: config.host, port: config.port, root });
  const changes = new DbChangeWatcher({ db, onChange: () => hub.poke(), log });
  const registration = new WorkerRegistration({ db, name: 'dashboard', instance: config.instance, heartbeatMs: HEARTBEAT_MS, log, info: () => ({ port: server.port, live: hub.clientCount }) });
  const handle = await runDaemon({ name: 'dashboard', log, services: [registration, hub, changes, server], deadlineMs: STOP_DEADLINE_MS });
  void handle.stopped.then(() => {
    tmux.close();
    db.close();
  });
  return undefined;
}

runMain('dashboard', main);
