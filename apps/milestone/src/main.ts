import path from 'node:path';
import { createLogger, loadConfig, runDaemon, systemClock, toError } from '@architect/core';
import { WorkerRegistration, createDb, findRepoRoot, isMigrated, migrationsDir } from '@architect/db';
import { MilestoneScanner } from './milestoneScanner';

/** PM2's kill_timeout for this app is 10 s; the graceful stop must end well before it. */
const STOP_DEADLINE_MS = 8000;
const HEARTBEAT_MS = 10_000;

async function main(): Promise<number | undefined> {
  const once = process.argv.includes('--once');
  const root = findRepoRoot();
  const config = loadConfig({ env: process.env, defaultHome: root });
  const log = createLogger({ name: 'milestone', level: config.logLevel, base: { instance: config.instance } });
  const db = createDb({ path: config.dbPath, synchronous: config.synchronous });
  if (!isMigrated(db, migrationsDir(root))) {
    log.fatal({ db: config.dbPath }, 'database is not migrated: run `architect db migrate` first');
    db.close();
    return 1;
  }
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

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (raw) => {
    process.stderr.write(`milestone: ${toError(raw).message}\n`);
    process.exit(1);
  },
);
