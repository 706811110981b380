import type { SqliteConn } from '../openSqlite';

type Db = Pick<SqliteConn, 'sqlite'>;

/** The settings row holding the dashboard's scrypt password hash (never the password). */
export const DASHBOARD_PASSWORD_KEY = 'dashboard.password';

export function readPasswordHash(db: Db): string | undefined {
  const row = db.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(DASHBOARD_PASSWORD_KEY) as { value: string | null } | undefined;
  if (!row?.value) return undefined;
  try {
    const v = JSON.parse(row.value) as unknown;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Replace the hash (the CLI's `dashboard passwd`). Returns whether one existed before. */
export function writePasswordHash(db: Db, hash: string, now: number): void {
  db.sqlite
    .prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(DASHBOARD_PASSWORD_KEY, JSON.stringify(hash), now);
}

/** Set the hash only if none exists (a first start racing a `passwd` never overwrites it). */
export function initPasswordHash(db: Db, hash: string, now: number): boolean {
  const r = db.sqlite
    .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING')
    .run(DASHBOARD_PASSWORD_KEY, JSON.stringify(hash), now);
  return r.changes === 1;
}

/** Every login session ends when the password changes (a stolen cookie dies with the old password). */
export function deleteAllWebSessions(db: Db): number {
  return db.sqlite.prepare('DELETE FROM web_sessions').run().changes;
}
