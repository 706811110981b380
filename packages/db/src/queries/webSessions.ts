import type { SqliteConn } from '../openSqlite';

type Db = Pick<SqliteConn, 'sqlite'>;

/** The dashboard's express-session store rows: the session's JSON and its idle expiry. */
export function getWebSession(db: Db, sid: string, now: number): string | undefined {
  const row = db.sqlite.prepare('SELECT data FROM web_sessions WHERE sid = ? AND expires_at > ?').get(sid, now) as { data: string } | undefined;
  return row?.data;
}

export function setWebSession(db: Db, sid: string, data: string, expiresAt: number): void {
  db.sqlite
    .prepare(
      `INSERT INTO web_sessions (sid, data, expires_at) VALUES (?, ?, ?)
       ON CONFLICT(sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
    )
    .run(sid, data, expiresAt);
}

export function touchWebSession(db: Db, sid: string, expiresAt: number): void {
  db.sqlite.prepare('UPDATE web_sessions SET expires_at = ? WHERE sid = ?').run(expiresAt, sid);
}

export function destroyWebSession(db: Db, sid: string): void {
  db.sqlite.prepare('DELETE FROM web_sessions WHERE sid = ?').run(sid);
}

export function pruneWebSessions(db: Db, now: number): number {
  return db.sqlite.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(now).changes;
}

export function countWebSessions(db: Db, now: number): number {
  return (db.sqlite.prepare('SELECT count(*) AS n FROM web_sessions WHERE expires_at > ?').get(now) as { n: number }).n;
}
