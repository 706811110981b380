import { ArchitectError } from '@architect/core';
import { isMigrated, migrationsDir, type Db } from '@architect/db';
import type { CliContext } from './context';

/** Commands that read or write data refuse a database that `architect db migrate` has not prepared. */
export function requireMigrated(ctx: CliContext): Db {
  const db = ctx.db();
  if (!isMigrated(db, migrationsDir(ctx.root))) {
    throw new ArchitectError('NOT_MIGRATED', `database ${db.path} is not migrated: run \`architect db migrate\` first`);
  }
  return db;
}
