import session from 'express-session';
import type { Clock } from '@architect/core';
import { destroyWebSession, getWebSession, pruneWebSessions, setWebSession, touchWebSession, type Db } from '@architect/db';

/**
 * express-session's store on the web_sessions table (not MemoryStore: sessions survive a
 * restart, and expired ones are pruned instead of leaking). A row expires `idleMs` after the
 * last request that touched it: the idle timeout is enforced here, server side, whatever the
 * cookie says.
 */
export class SqliteSessionStore extends session.Store {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly idleMs: number,
  ) {
    super();
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const data = getWebSession(this.db, sid, this.clock.now());
      cb(null, data ? (JSON.parse(data) as session.SessionData) : null);
    } catch (err) {
      cb(err);
    }
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    try {
      setWebSession(this.db, sid, JSON.stringify(sess), this.clock.now() + this.idleMs);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override touch(sid: string, _sess: session.SessionData, cb?: (err?: unknown) => void): void {
    try {
      touchWebSession(this.db, sid, this.clock.now() + this.idleMs);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    try {
      destroyWebSession(this.db, sid);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  prune(): number {
    return pruneWebSessions(this.db, this.clock.now());
  }
}
