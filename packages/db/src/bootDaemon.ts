import { ArchitectError, createLogger, loadConfig, toError, type Config, type Logger } from '@architect/core';
import { createDb, type Db } from './createDb';
import { isMigrated } from './migrate';
import { findRepoRoot, migrationsDir } from './paths';
import { ensurePrivateHome } from './privateFiles';

export interface DaemonBoot {
  root: string;
  config: Config;
  log: Logger;
  db: Db;
  /** `--once`: one pass, then exit. */
  once: boolean;
}

/**
 * The start every daemon shares: the repository root, the validated config (a bad one throws
 * with every problem listed), the logger and the database. A database that is not migrated is
 * refused — logged, closed, and `undefined` returned for the daemon to exit 1 — because the
 * daemons never migrate by themselves. `privateHome`: make data/ and logs/ private first.
 */
export function bootDaemon(name: string, opts: { privateHome?: boolean; argv?: readonly string[] } = {}): DaemonBoot | undefined {
  const root = findRepoRoot();
  const config = loadConfig({ env: process.env, defaultHome: root });
  const log = createLogger({ name, level: config.logLevel, base: { instance: config.instance } });
  // data/ and logs/ made 0700 before the database file is created in them.
  if (opts.privateHome) ensurePrivateHome(config.home);
  const db = createDb({ path: config.dbPath, synchronous: config.synchronous });
  if (!isMigrated(db, migrationsDir(root))) {
    log.fatal({ db: config.dbPath }, 'database is not migrated: run `architect db migrate` first');
    db.close();
    return undefined;
  }
  return { root, config, log, db, once: (opts.argv ?? process.argv).includes('--once') };
}

/**
 * Run a daemon's `main`: the exit code it returns becomes the process's; a failure is printed
 * once on stderr (the message for Architect's own errors, the stack for anything unexpected)
 * and exits 1, so PM2 sees a crash and restarts with back-off.
 */
export function runMain(name: string, main: () => Promise<number | undefined>): void {
  main().then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (raw) => {
      const err = toError(raw);
      process.stderr.write(`${name}: ${err instanceof ArchitectError ? err.message : (err.stack ?? err.message)}\n`);
      process.exit(1);
    },
  );
}
