import { openOutageCount, sessionsNeedingHuman, statusSummary, type Db } from '@architect/db';

/** The payload of every change event: small, and enough for the header's counters. */
export function liveSnapshot(db: Db, now: number) {
  const s = statusSummary(db, now);
  return { at: now, pending: s.pending, assigned: s.assigned, inProgress: s.in_progress, needsYou: sessionsNeedingHuman(db).length, openOutages: openOutageCount(db) };
}
