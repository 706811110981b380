import type { SqliteConn } from '../openSqlite';

/** Raw-SQL queries: any connection will do, with or without the drizzle layer (the hook has none). */
type Db = Pick<SqliteConn, 'sqlite'>;

/**
 * A lease held in a `settings` row: `{ holder, expiresAt }`. Acquiring and renewing are one
 * compare-and-swap statement each — the row is taken when it is free, expired, or already ours —
 * so two processes can never both hold it (on one machine, one clock). A holder that dies simply
 * stops renewing and a standby takes over once `expiresAt` passes.
 */
export interface LeaseValue {
  holder: string;
  expiresAt: number;
  acquiredAt: number;
}

/** Take or renew the lease; true when `holder` holds it until `now + ttlMs`. */
export function acquireLease(db: Db, key: string, holder: string, now: number, ttlMs: number): boolean {
  const row = db.sqlite
    .prepare(
      `INSERT INTO settings (key, value, updated_at)
       VALUES (@key, json_object('holder', @holder, 'expiresAt', @expiresAt, 'acquiredAt', @now), @now)
       ON CONFLICT(key) DO UPDATE SET
         value = json_object('holder', @holder, 'expiresAt', @expiresAt,
           'acquiredAt', CASE WHEN json_valid(settings.value) AND json_extract(settings.value, '$.holder') = @holder
                              THEN coalesce(json_extract(settings.value, '$.acquiredAt'), @now) ELSE @now END),
         updated_at = @now
       WHERE CASE WHEN json_valid(settings.value)
                  THEN json_extract(settings.value, '$.holder') = @holder
                    OR coalesce(json_extract(settings.value, '$.expiresAt'), 0) <= @now
                  ELSE 1 END
       RETURNING key`,
    )
    .get({ key, holder, now, expiresAt: now + ttlMs });
  return row !== undefined;
}

/** True while `holder` holds an unexpired lease: checked right before every irreversible action. */
export function holdsLease(db: Db, key: string, holder: string, now: number): boolean {
  const lease = readLease(db, key);
  return lease !== undefined && lease.holder === holder && lease.expiresAt > now;
}

export function readLease(db: Db, key: string): LeaseValue | undefined {
  const row = db.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string | null } | undefined;
  if (!row?.value) return undefined;
  try {
    const v = JSON.parse(row.value) as Partial<LeaseValue>;
    if (typeof v.holder !== 'string' || typeof v.expiresAt !== 'number') return undefined;
    return { holder: v.holder, expiresAt: v.expiresAt, acquiredAt: typeof v.acquiredAt === 'number' ? v.acquiredAt : v.expiresAt };
  } catch {
    return undefined;
  }
}

/** Give the lease up at once (graceful stop), so a standby need not wait for it to expire. */
export function releaseLease(db: Db, key: string, holder: string, now: number): boolean {
  const r = db.sqlite
    .prepare(
      `UPDATE settings SET value = json_set(value, '$.expiresAt', 0), updated_at = ?
       WHERE key = ? AND json_valid(value) AND json_extract(value, '$.holder') = ?`,
    )
    .run(now, key, holder);
  return r.changes === 1;
}

/**
 * A runtime setting's JSON value: `{ found: false }` when the row is missing, `value: undefined`
 * when it is present but not valid JSON (callers that guard safety treat that as "on").
 */
export function readSetting(db: Db, key: string): { found: boolean; value: unknown } {
  const row = db.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string | null } | undefined;
  if (!row) return { found: false, value: undefined };
  if (row.value === null) return { found: true, value: null };
  try {
    return { found: true, value: JSON.parse(row.value) as unknown };
  } catch {
    return { found: true, value: undefined };
  }
}

export function writeFlag(db: Db, key: string, value: boolean, now: number): void {
  db.sqlite
    .prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(key, JSON.stringify(value), now);
}
