import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from './createDb';
import { migrate } from './migrate';
import { migrationsDir } from './paths';

export interface TempDb extends Db {
  dir: string;
  /** Close and delete the database files. */
  dispose(): void;
}

/** A fresh, migrated database file in its own temp directory: one per test. */
export function tempDb(): TempDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-db-'));
  const db = createDb({ path: path.join(dir, 'architect.db') });
  migrate(db, migrationsDir());
  return {
    ...db,
    dir,
    dispose() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
