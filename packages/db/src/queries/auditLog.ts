import type { SqliteConn } from '../openSqlite';

type Db = Pick<SqliteConn, 'sqlite'>;

export interface AuditEntry {
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
}

export interface AuditRow extends AuditEntry {
  id: number;
  createdAt: number;
}

/** One row per state-changing dashboard action (and every login attempt). */
export function recordAudit(db: Db, e: AuditEntry, now: number): number {
  const r = db.sqlite
    .prepare('INSERT INTO audit_log (actor, action, target, details, ip, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(e.actor, e.action, e.target, e.details ? JSON.stringify(e.details) : null, e.ip, now);
  return Number(r.lastInsertRowid);
}

export function listAudit(db: Db, limit: number): AuditRow[] {
  const rows = db.sqlite.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as {
    id: number;
    actor: string;
    action: string;
    target: string | null;
    details: string | null;
    ip: string | null;
    created_at: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    actor: r.actor,
    action: r.action,
    target: r.target,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    ip: r.ip,
    createdAt: r.created_at,
  }));
}
