import fs from 'node:fs';
import { ArchitectError } from '@architect/core';
import { isMigrated, migrationsDir, type Db } from '@architect/db';
import type { CliContext } from './context';

/**
 * Commands that read or write data refuse a database that `architect db migrate` has not
 * prepared — without creating an empty file as a side effect of the check.
 */
export function requireMigrated(ctx: CliContext): Db {
  const dbPath = ctx.config().dbPath;
  if (!fs.existsSync(dbPath)) throw notMigrated(dbPath);
  const db = ctx.db();
  if (!isMigrated(db, migrationsDir(ctx.root))) throw notMigrated(dbPath);
  return db;
}

function notMigrated(dbPath: string): ArchitectError {
  return new ArchitectError('NOT_MIGRATED', `database ${dbPath} is not migrated: run \`architect db migrate\` first`);
}
