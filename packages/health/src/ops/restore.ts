import fs from 'node:fs';
import { ArchitectError, ValidationError } from '@architect/core';
import { createDb, migrate } from '@architect/db';
import { integrityProblems } from './backup';
import type { RunningDaemon } from './daemonsRunning';

export class RestoreRefusedError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('RESTORE_REFUSED', message, data);
  }
}

export interface RestoreResult {
  restored_from: string;
  db: string;
  kept_aside: string[];
  migrations_applied: string[];
  integrity: 'ok';
}

const REQUIRED_TABLES = ['__drizzle_migrations', 'prompts', 'sessions', 'tasks', 'workers'];

function journalLength(migrationsDir: string): number {
  return (JSON.parse(fs.readFileSync(`${migrationsDir}/meta/_journal.json`, 'utf8')) as { entries: unknown[] }).entries.length;
}

/**
 * Replaces the database with a backup. Refused while any daemon runs (it would keep writing to the
 * file set aside). The backup is copied first and checked on the copy — integrity_check, the
 * Architect tables, migrations no newer than this code — then brought up to date with the
 * migrations it lacks. Only then is the current database (checkpointed, with its -wal and -shm)
 * renamed aside and the copy renamed into place: each step leaves either the old or the new
 * database whole.
 */
export function restoreDatabase(opts: { file: string; dbPath: string; migrationsDir: string; now: number; running: RunningDaemon[] }): RestoreResult {
  if (opts.running.length) {
    const who = opts.running.map((d) => `${d.name} (pid ${d.pid}, seen via ${d.via})`).join(', ');
    throw new RestoreRefusedError(`refusing to restore while daemons run: ${who}; stop them first (pnpm down)`, { running: opts.running });
  }
  if (!fs.existsSync(opts.file) || !fs.statSync(opts.file).isFile()) throw new ValidationError(`no backup file at ${opts.file}`);
  const staging = `${opts.dbPath}.restoring`;
  for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(opts.file, staging);
  // A live database copied by hand carries its last commits in the -wal beside it.
  if (fs.existsSync(`${opts.file}-wal`)) fs.copyFileSync(`${opts.file}-wal`, `${staging}-wal`);
  fs.chmodSync(staging, 0o600);
  let applied: string[];
  try {
    applied = checkAndMigrate(staging, opts.file, opts.migrationsDir);
  } catch (err) {
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }

  const keptAside: string[] = [];
  if (fs.existsSync(opts.dbPath)) {
    try {
      const current = createDb({ path: opts.dbPath });
      current.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      current.close();
    } catch {
      // A corrupt current database is set aside as it is, with its -wal and -shm.
    }
    const suffix = `.before-restore-${new Date(opts.now).toISOString().replace(/[:.]/g, '-')}`;
    for (const ext of ['', '-wal', '-shm']) {
      const from = `${opts.dbPath}${ext}`;
      if (!fs.existsSync(from)) continue;
      const to = `${opts.dbPath}${suffix}${ext}`;
      fs.renameSync(from, to);
      keptAside.push(to);
    }
  }
  fs.renameSync(staging, opts.dbPath);
  return { restored_from: opts.file, db: opts.dbPath, kept_aside: keptAside, migrations_applied: applied, integrity: 'ok' };
}

function checkAndMigrate(staging: string, original: string, migrationsDir: string): string[] {
  let db;
  try {
    db = createDb({ path: staging });
  } catch (err) {
    throw new ValidationError(`${original} is not a SQLite database: ${(err as Error).message}`);
  }
  try {
    let problems: string[];
    try {
      problems = integrityProblems(db);
    } catch (err) {
      throw new ValidationError(`${original} is not a readable SQLite database: ${(err as Error).message}`);
    }
    if (problems.length) throw new ValidationError(`${original} fails integrity_check: ${problems.join('; ')}`, { problems });
    const tables = new Set((db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) throw new ValidationError(`${original} is not an Architect database (missing tables: ${missing.join(', ')})`);
    const have = (db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    const known = journalLength(migrationsDir);
    if (have > known) throw new ValidationError(`${original} has ${have} migrations, newer than this Architect (${known}): upgrade Architect first`);
    const { applied } = migrate(db, migrationsDir);
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return applied;
  } finally {
    db.close();
  }
}
