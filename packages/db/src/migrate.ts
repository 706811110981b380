import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './createDb';

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies drizzle-kit's SQL migrations (migrations/meta/_journal.json) inside one BEGIN IMMEDIATE
 * transaction. Two `architect db migrate` processes started together serialize on the write
 * lock: the second sees the first's rows in __drizzle_migrations and applies nothing. The table
 * layout matches drizzle-orm's own migrator, so either can take over.
 */
export function migrate(db: Db, migrationsDir: string): MigrateResult {
  const journalPath = path.join(migrationsDir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: JournalEntry[] };
  const migrations = journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map((e) => {
      const sql = fs.readFileSync(path.join(migrationsDir, `${e.tag}.sql`), 'utf8');
      return { tag: e.tag, when: e.when, sql, hash: crypto.createHash('sha256').update(sql).digest('hex') };
    });

  const run = db.sqlite.transaction((): MigrateResult => {
    db.sqlite.exec(
      'CREATE TABLE IF NOT EXISTS __drizzle_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)',
    );
    const done = new Set(
      (db.sqlite.prepare('SELECT hash FROM __drizzle_migrations').all() as { hash: string }[]).map((r) => r.hash),
    );
    const last = db.sqlite.prepare('SELECT max(created_at) AS m FROM __drizzle_migrations').get() as { m: number | null };
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.hash) || (last.m !== null && m.when <= last.m)) continue;
      for (const statement of m.sql.split('--> statement-breakpoint')) {
        if (statement.trim()) db.sqlite.exec(statement);
      }
      db.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(m.hash, m.when);
      applied.push(m.tag);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  });
  return run.immediate();
}

/** True when every migration in the folder has been applied. */
export function isMigrated(db: Db, migrationsDir: string): boolean {
  const exists = db.sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'")
    .get();
  if (!exists) return false;
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  const row = db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  return row.n >= journal.entries.length;
}
