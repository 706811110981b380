import type { SessionConfig } from '@architect/core';
import { syncConfiguredSessions, type Db, type SyncResult } from '@architect/db';

/**
 * The config file is the one list of sessions: every configured session is upserted as managed,
 * and rows whose session left the config become managed = 0 — kept for their history, never
 * deleted, never driven.
 */
export function syncSessionsFromConfig(db: Db, sessions: readonly SessionConfig[], now: number): SyncResult {
  return syncConfiguredSessions(
    db,
    sessions.map((s) => ({ name: s.name, provider: s.provider, role: s.role, specialties: s.specialties, cwd: s.cwd, host: s.host })),
    now,
  );
}
