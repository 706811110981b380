import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { prepareDbFile, tightenDbCompanions } from './privateFiles';

/**
 * Loaded on the first open, with require(): a module that imports this one (`architect hook`'s
 * path to its queries) pays for the native addon only when it really opens a database, and
 * require() loads it several milliseconds faster than an ESM import of the CommonJS package.
 */
let sqliteClass: typeof Database | undefined;
function sqlite3(): typeof Database {
  sqliteClass ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return sqliteClass;
}

/** The connection without the drizzle layer: what raw-SQL query modules need. */
export interface SqliteConn {
  sqlite: Database.Database;
  path: string;
  close(): void;
}

export interface CreateDbOptions {
  path: string;
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a writer waits for the lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/**
 * Opens the database with the pragmas every Architect process uses. WAL lets readers run beside
 * the single writer; busy_timeout makes writers queue instead of failing; NORMAL synchronous is
 * durable across process crashes in WAL mode (FULL also across power loss). createDb() adds the
 * drizzle layer; processes that start often (`architect hook`) use this alone.
 */
export function openSqlite(opts: CreateDbOptions): SqliteConn {
  const onDisk = opts.path !== ':memory:' && opts.path !== '';
  if (onDisk && !opts.readonly) prepareDbFile(opts.path);
  const Sqlite = sqlite3();
  const sqlite = new Sqlite(opts.path, { readonly: opts.readonly ?? false });
  sqlite.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
  if (!opts.readonly) setWal(sqlite);
  if (onDisk && !opts.readonly) tightenDbCompanions(opts.path);
  sqlite.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  return {
    sqlite,
    path: opts.path,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** Switching a new file to WAL needs a brief exclusive lock that busy_timeout does not always cover. */
function setWal(sqlite: Database.Database): void {
  for (let attempt = 0; ; attempt++) {
    try {
      const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
      if (mode === 'wal' || mode === 'memory') return;
      throw new Error(`journal_mode is ${String(mode)}, expected wal`);
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 50) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Run `fn` inside BEGIN IMMEDIATE: the write lock is taken up front, so read-then-write cannot race. */
export function immediate<T>(db: Pick<SqliteConn, 'sqlite'>, fn: () => T): T {
  return db.sqlite.transaction(fn).immediate();
}
