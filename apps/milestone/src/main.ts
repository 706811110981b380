import path from 'node:path';
import { runDaemon, systemClock } from '@architect/core';
import { WorkerRegistration, bootDaemon, runMain } from '@architect/db';
import { MilestoneScanner } from './milestoneScanner';

/** PM2's kill_timeout for this app is 10 s; the graceful stop must end well before it. */
const STOP_DEADLINE_MS = 8000;
const HEARTBEAT_MS = 10_000;

async function main(): Promise<number | undefined> {
  const boot = bootDaemon('milestone');
  if (!boot) return 1;
  const { config, log, db, once } = boot;
  const scanner = new MilestoneScanner({
    db,
    log,
    clock: systemClock,
    dataDir: path.join(config.home, 'data'),
    config: config.file.milestones,
    projects: config.file.projects,
  });
  if (once) {
    const outcomes = await scanner.scanAll();
    db.close();
    return outcomes.every((o) => o.ok) ? 0 : 1;
  }
  const registration = new WorkerRegistration({ db, name: 'milestone', instance: config.instance, heartbeatMs: HEARTBEAT_MS, log });
  await runDaemon({ name: 'milestone', log, services: [registration, scanner], deadlineMs: STOP_DEADLINE_MS });
  return undefined;
}

runMain('milestone', main);
