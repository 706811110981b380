import { createDb, ensurePrivateHome, findRepoRoot, type Db } from '@architect/db';
import { loadConfig, silentLogger, systemClock, createLogger, type Clock, type Config, type Logger } from '@architect/core';

/** The CLI's composition root: config, logger and database are built lazily, once. */
export class CliContext {
  private cachedConfig: Config | undefined;
  private cachedDb: Db | undefined;
  readonly clock: Clock = systemClock;
  readonly root = findRepoRoot();
  readonly log: Logger;

  constructor(readonly env: NodeJS.ProcessEnv = process.env) {
    this.log = env.ARCHITECT_CLI_LOG
      ? createLogger({ name: 'cli', level: env.ARCHITECT_CLI_LOG, destination: process.stderr })
      : silentLogger();
  }

  config(opts: { checkPaths?: boolean } = {}): Config {
    this.cachedConfig ??= loadConfig({ env: this.env, defaultHome: this.root, checkPaths: opts.checkPaths ?? false });
    return this.cachedConfig;
  }

  db(): Db {
    if (!this.cachedDb) {
      const c = this.config();
      // data/ and logs/ hold prompts, responses and agent output: private to the user.
      ensurePrivateHome(c.home);
      this.cachedDb = createDb({ path: c.dbPath, synchronous: c.synchronous });
    }
    return this.cachedDb;
  }

  close(): void {
    this.cachedDb?.close();
  }
}
