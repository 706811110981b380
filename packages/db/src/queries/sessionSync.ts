/** The config file's sessions into the sessions table: the config is the only list of sessions. */
import { immediate, type SqliteConn } from '../openSqlite';

type Raw = Record<string, unknown>;

export interface ConfiguredSession {
  name: string;
  provider: string;
  role: string;
  specialties: string[];
  cwd: string;
  host?: string | undefined;
}

export interface SyncResult {
  added: string[];
  updated: string[];
  /** Rows that left the config file: kept for history with managed = 0, never driven. */
  unmanaged: string[];
}

/** Upsert every configured session as managed; any other managed row becomes unmanaged. */
export function syncConfiguredSessions(db: SqliteConn, configured: readonly ConfiguredSession[], now: number): SyncResult {
  return immediate(db, () => {
    const existing = new Map(
      (db.sqlite.prepare('SELECT name, provider, role, specialties, cwd, host, managed FROM sessions').all() as Raw[]).map((r) => [r.name as string, r]),
    );
    const upsert = db.sqlite.prepare(
      `INSERT INTO sessions (name, provider, role, specialties, cwd, host, managed, state, created_at, updated_at)
       VALUES (@name, @provider, @role, @specialties, @cwd, @host, 1, 'unknown', @now, @now)
       ON CONFLICT(name) DO UPDATE SET provider = excluded.provider, role = excluded.role,
         specialties = excluded.specialties, cwd = excluded.cwd, host = excluded.host, managed = 1, updated_at = @now`,
    );
    const result: SyncResult = { added: [], updated: [], unmanaged: [] };
    for (const s of configured) {
      const row = { name: s.name, provider: s.provider, role: s.role, specialties: JSON.stringify(s.specialties), cwd: s.cwd, host: s.host ?? null, now };
      const before = existing.get(s.name);
      if (!before) result.added.push(s.name);
      else if (
        before.managed !== 1 ||
        before.provider !== row.provider ||
        before.role !== row.role ||
        before.specialties !== row.specialties ||
        before.cwd !== row.cwd ||
        (before.host ?? null) !== row.host
      ) {
        result.updated.push(s.name);
      } else continue;
      upsert.run(row);
    }
    const keep = new Set(configured.map((s) => s.name));
    const drop = db.sqlite.prepare('UPDATE sessions SET managed = 0, updated_at = ? WHERE name = ? AND managed = 1');
    for (const [name, r] of existing) {
      if (r.managed === 1 && !keep.has(name)) {
        drop.run(now, name);
        result.unmanaged.push(name);
      }
    }
    return result;
  });
}
