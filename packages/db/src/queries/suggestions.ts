/**
 * Suggestions: recurring problems turned into one row each, keyed by a fingerprint so the next
 * cycle refreshes the evidence instead of adding a duplicate. A decided suggestion (accepted or
 * dismissed) keeps its decision: the same problem does not come back as new.
 */
import type { Db } from '../createDb';
import { immediate } from '../openSqlite';

export type SuggestionStatus = 'open' | 'accepted' | 'dismissed';

export interface NewSuggestion {
  kind: string;
  fingerprint: string;
  message: string;
  evidence: Record<string, unknown>;
}

export interface SuggestionRow {
  id: number;
  kind: string;
  message: string;
  evidence: Record<string, unknown>;
  status: SuggestionStatus;
  fingerprint: string;
  createdAt: number;
  updatedAt: number;
  decidedAt: number | null;
}

/** Insert, or refresh the evidence of an open one with the same fingerprint. */
export function upsertSuggestion(db: Db, s: NewSuggestion, now: number): 'created' | 'refreshed' | 'unchanged' {
  return immediate(db, () => {
    const old = db.sqlite.prepare('SELECT status, message, details FROM suggestions WHERE fingerprint = ?').get(s.fingerprint) as
      | { status: string; message: string; details: string | null }
      | undefined;
    const details = JSON.stringify(s.evidence);
    if (!old) {
      db.sqlite
        .prepare('INSERT INTO suggestions (kind, message, details, status, fingerprint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(s.kind, s.message, details, 'open', s.fingerprint, now, now);
      return 'created';
    }
    if (old.status !== 'open' || (old.message === s.message && old.details === details)) return 'unchanged';
    db.sqlite.prepare("UPDATE suggestions SET message = ?, details = ?, updated_at = ? WHERE fingerprint = ? AND status = 'open'").run(s.message, details, now, s.fingerprint);
    return 'refreshed';
  });
}

interface Raw {
  id: number;
  kind: string;
  message: string;
  details: string | null;
  status: SuggestionStatus;
  fingerprint: string;
  created_at: number;
  updated_at: number;
  decided_at: number | null;
}

const toRow = (r: Raw): SuggestionRow => ({
  id: r.id,
  kind: r.kind,
  message: r.message,
  evidence: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : {},
  status: r.status,
  fingerprint: r.fingerprint,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  decidedAt: r.decided_at,
});

export function listSuggestions(db: Db, opts: { status?: SuggestionStatus } = {}): SuggestionRow[] {
  const where = opts.status ? 'WHERE status = ?' : '';
  return (db.sqlite.prepare(`SELECT * FROM suggestions ${where} ORDER BY id DESC`).all(...(opts.status ? [opts.status] : [])) as Raw[]).map(toRow);
}

export function getSuggestion(db: Db, id: number): SuggestionRow | undefined {
  const r = db.sqlite.prepare('SELECT * FROM suggestions WHERE id = ?').get(id) as Raw | undefined;
  return r && toRow(r);
}

/** open → accepted | dismissed (CAS); false when it was not open. */
export function decideSuggestion(db: Db, id: number, decision: 'accepted' | 'dismissed', now: number): boolean {
  return db.sqlite.prepare("UPDATE suggestions SET status = ?, decided_at = ?, updated_at = ? WHERE id = ? AND status = 'open'").run(decision, now, now, id).changes === 1;
}
