import fs from 'node:fs';
import path from 'node:path';
import { ArchitectError } from '@architect/core';
import { createDb, type SqliteConn } from '@architect/db';

export class BackupError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('BACKUP_FAILED', message, data);
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  integrity: 'ok';
  pruned: string[];
  duration_ms: number;
}

const NAME_RE = /^architect-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db$/;

export function backupFileName(now: number): string {
  return `architect-${new Date(now).toISOString().replace(/[:.]/g, '-')}.db`;
}

/** Backups in `dir`, newest first (the timestamped names sort by time). */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => NAME_RE.test(f)).sort().reverse().map((f) => path.join(dir, f));
}

/** integrity_check of a database file; returns the problems (empty when ok). */
export function integrityProblems(conn: SqliteConn): string[] {
  const rows = conn.sqlite.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
}

/**
 * An online backup with SQLite's backup API while the daemons keep writing. Every page is copied
 * in one backup step: a step reads inside one read transaction, so the copy is the database as of
 * one commit; smaller steps would restart each time another process commits, and under a busy
 * writer might never finish. WAL readers do not block writers, so the daemons are not held up.
 * The copy is written under a temporary name, switched to a self-contained rollback-journal file,
 * checked with integrity_check, made 0600 and only then given its final name; older backups
 * beyond `keep` are deleted afterwards.
 */
export async function backupDatabase(db: SqliteConn, opts: { dir: string; now: number; keep: number }): Promise<BackupResult> {
  const started = performance.now();
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const file = path.join(opts.dir, backupFileName(opts.now));
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  let pages: number;
  try {
    const r = await db.sqlite.backup(partial, { progress: () => 0x7fffffff });
    pages = r.totalPages;
    fs.chmodSync(partial, 0o600);
    const copy = createDb({ path: partial });
    try {
      const problems = integrityProblems(copy);
      if (problems.length) throw new BackupError(`backup failed its integrity check: ${problems.join('; ')}`, { file: partial, problems });
      // A single file, no -wal beside it: what a backup should be when copied elsewhere.
      copy.sqlite.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.renameSync(partial, file);
  } catch (err) {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) fs.rmSync(f, { force: true });
    if (err instanceof BackupError) throw err;
    throw new BackupError(`backup to ${file} failed: ${(err as Error).message}`, { file }, );
  }
  const pruned = listBackups(opts.dir).slice(opts.keep);
  for (const old of pruned) fs.rmSync(old, { force: true });
  return { file, bytes: fs.statSync(file).size, pages, integrity: 'ok', pruned, duration_ms: Math.round(performance.now() - started) };
}
