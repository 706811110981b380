import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { openSqlite, type CreateDbOptions, type SqliteConn } from './openSqlite';
import * as schema from './schema';

export { immediate, type CreateDbOptions, type SqliteConn } from './openSqlite';

export type Orm = BetterSQLite3Database<typeof schema>;

export interface Db extends SqliteConn {
  /** The raw connection, for prepared hot-path statements and pragmas. */
  sqlite: Database.Database;
  orm: Orm;
}

/**
 * One connection per process, built by the composition root and passed down. WAL lets readers
 * run beside the single writer; busy_timeout makes writers queue instead of failing; NORMAL
 * synchronous is durable across process crashes in WAL mode (FULL also across power loss).
 */
export function createDb(opts: CreateDbOptions): Db {
  const conn = openSqlite(opts);
  return { ...conn, orm: drizzle(conn.sqlite, { schema }) };
}
