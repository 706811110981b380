import { immediate, type Db } from '../createDb';
import { lockPatternsOverlap } from './lockPatterns';

export interface LockRow {
  id: number;
  path: string;
  sessionName: string;
  promptId: number | null;
  acquiredAt: number;
  expiresAt: number;
}

export interface LockView extends LockRow {
  expired: boolean;
  promptStatus: string | null;
}

export type AcquireResult = { ok: true; lockIds: number[] } | { ok: false; conflict: { path: string; heldPath: string; heldBy: string; lockId: number } };

interface RawLock {
  id: number;
  path: string;
  session_name: string;
  prompt_id: number | null;
  acquired_at: number;
  expires_at: number;
}

const toLock = (r: RawLock): LockRow => ({
  id: r.id,
  path: r.path,
  sessionName: r.session_name,
  promptId: r.prompt_id,
  acquiredAt: r.acquired_at,
  expiresAt: r.expires_at,
});

/** Locks still in force at `now` (an expired lock no longer blocks anyone). */
export function activeLocks(db: Db, now: number): LockRow[] {
  return (db.sqlite.prepare('SELECT * FROM file_locks WHERE expires_at > ? ORDER BY id').all(now) as RawLock[]).map(toLock);
}

/** The first lock held by another session that overlaps one of `paths`, if any. */
export function findLockConflict(
  locks: readonly Pick<LockRow, 'id' | 'path' | 'sessionName'>[],
  paths: readonly string[],
  session: string,
): { path: string; heldPath: string; heldBy: string; lockId: number } | undefined {
  for (const path of paths) {
    for (const l of locks) {
      if (l.sessionName !== session && lockPatternsOverlap(path, l.path)) {
        return { path, heldPath: l.path, heldBy: l.sessionName, lockId: l.id };
      }
    }
  }
  return undefined;
}

/**
 * All-or-nothing: either every path is locked for `session` and `promptId`, or none is and the
 * conflict is returned. Must run inside the caller's immediate transaction (the claim), so two
 * assigners cannot both see the paths free.
 */
export function acquireLocksTx(
  db: Db,
  a: { promptId: number; session: string; paths: readonly string[]; now: number; ttlMs: number },
): AcquireResult {
  if (a.paths.length === 0) return { ok: true, lockIds: [] };
  db.sqlite.prepare('DELETE FROM file_locks WHERE expires_at <= ?').run(a.now);
  const conflict = findLockConflict(activeLocks(db, a.now), a.paths, a.session);
  if (conflict) return { ok: false, conflict };
  const insert = db.sqlite.prepare(
    'INSERT INTO file_locks (path, session_name, prompt_id, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const lockIds = a.paths.map((p) => Number(insert.run(p, a.session, a.promptId, a.now, a.now + a.ttlMs).lastInsertRowid));
  return { ok: true, lockIds };
}

/** Called inside every transaction that ends a prompt's attempt. */
export function releasePromptLocksTx(db: Db, promptId: number): number {
  return db.sqlite.prepare('DELETE FROM file_locks WHERE prompt_id = ?').run(promptId).changes;
}

/**
 * Extends the locks of prompts that are still alive. Only unexpired locks are extended: a lock
 * that lapsed (the assigner was down past the TTL) may already be shadowed by another holder.
 */
export function refreshLocks(db: Db, promptIds: readonly number[], now: number, ttlMs: number): number {
  if (promptIds.length === 0) return 0;
  const stmt = db.sqlite.prepare('UPDATE file_locks SET expires_at = ? WHERE prompt_id = ? AND expires_at > ?');
  return immediate(db, () => promptIds.reduce((n, id) => n + stmt.run(now + ttlMs, id, now).changes, 0));
}

export function listLocks(db: Db, now: number): LockView[] {
  const rows = db.sqlite
    .prepare('SELECT l.*, p.status AS prompt_status FROM file_locks l LEFT JOIN prompts p ON p.id = l.prompt_id ORDER BY l.id')
    .all() as (RawLock & { prompt_status: string | null })[];
  return rows.map((r) => ({ ...toLock(r), expired: r.expires_at <= now, promptStatus: r.prompt_status }));
}

/** Manual release (`architect locks release <id>`); returns false when no such lock exists. */
export function releaseLock(db: Db, id: number): boolean {
  return db.sqlite.prepare('DELETE FROM file_locks WHERE id = ?').run(id).changes === 1;
}
