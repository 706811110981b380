import { runDaemon, systemClock } from '@architect/core';
import { DbChangeWatcher, WorkerRegistration, createDb, bootDaemon, runMain } from '@architect/db';
import { SessionWatcher, identityResolver, paneAgentCheck, scanSessions, sessionPaths, syncSessionsFromConfig, tmuxDriverFor } from '@architect/sessions';
import { Assigner } from './assigner';

/** PM2's kill_timeout for this app is 10 s; the graceful stop (deliveries in flight finish) ends well before it. */
const STOP_DEADLINE_MS = 8000;
const HEARTBEAT_MS = 5000;

async function main(): Promise<number | undefined> {
  const boot = bootDaemon('assigner', { privateHome: true });
  if (!boot) return 1;
  const { config, log, db, once } = boot;
  const driver = tmuxDriverFor(config, !once);
  // The config file is the one list of sessions: routing must see exactly those.
  syncSessionsFromConfig(db, config.file.sessions, Date.now());
  // Which process is each session's agent (its configured command, else its provider's program).
  const identityOf = identityResolver(config.file.sessions);
  const assignerOptions = {
    checkAgent: paneAgentCheck(driver, identityOf),
    db,
    terminal: driver,
    listTmuxSessions: async () => (await driver.listSessions()).map((s) => s.name),
    config: config.file.assigner,
    log: log.child({ module: 'assigner' }),
  };

  if (once) {
    const assigner = new Assigner(assignerOptions);
    // No watcher runs in a single pass: classify every session's screen now so routing sees fresh states.
    await scanSessions(
      { db, driver, clock: systemClock, log, idleGraceMs: config.file.sessionOptions.idleGraceMs },
      config.file.sessions,
      { classify: true },
    );
    await assigner.runOnce();
    log.info(assigner.info(), 'one pass done');
    db.close();
    return 0;
  }

  // The watcher writes through its own connection, so its commits move PRAGMA data_version for
  // ours and the change watcher wakes the assigner (its events nudge it directly as well).
  const watcherDb = createDb({ path: config.dbPath, synchronous: config.synchronous });
  const watcher = new SessionWatcher({
    db: watcherDb,
    driver,
    log: log.child({ module: 'session-watcher' }),
    panesDir: sessionPaths(config.home).panesDir,
    options: config.file.sessionOptions,
    identityOf,
    alerts: config.file.sessionAlerts,
  });
  // One screen pipeline for the process: the assigner's looks go through the watcher's observer.
  const assigner = new Assigner({ ...assignerOptions, screens: watcher.screens });
  watcher.onStateChange(() => assigner.nudge());
  watcher.onTurnEnd(() => assigner.nudge());
  const changes = new DbChangeWatcher({ db, onChange: () => assigner.nudge(), log });
  const registration = new WorkerRegistration({ db, name: 'assigner', instance: config.instance, heartbeatMs: HEARTBEAT_MS, log, info: () => assigner.info() });
  const handle = await runDaemon({ name: 'assigner', log, services: [registration, watcher, changes, assigner], deadlineMs: STOP_DEADLINE_MS });
  void handle.stopped.then(() => {
    driver.close();
    watcherDb.close();
    db.close();
  });
  return undefined;
}

runMain('assigner', main);
