import fs from 'node:fs';
import Database from 'better-sqlite3';
import { ArchitectError } from '@architect/core';

/** The old system's file is unusable: not there, not SQLite, or without the tables we need. */
export class LegacyImportError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('LEGACY_IMPORT', message, data);
  }
}

export type LegacyRow = Record<string, unknown>;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Reads whole tables of one of the old system's databases, read-only. Tables are checked up
 * front so a wrong file is one clear error, not a half-done import.
 */
export function readLegacyDb(file: string, label: string, required: string[], optional: string[]): Map<string, LegacyRow[]> {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
  } catch (err) {
    throw new LegacyImportError(`${label} ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file });
  }
  if (!head.equals(SQLITE_MAGIC)) throw new LegacyImportError(`${label} ${file} is not a SQLite database`, { file });
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = required.filter((t) => !tables.has(t));
    if (missing.length) {
      throw new LegacyImportError(`${label} ${file} lacks the table(s) ${missing.join(', ')}: is it the old system's ${label.replace('--', '').replace('-db', '')}.db?`, { file, missing });
    }
    const out = new Map<string, LegacyRow[]>();
    for (const t of [...required, ...optional]) if (tables.has(t)) out.set(t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as LegacyRow[]);
    return out;
  } finally {
    db.close();
  }
}
