import { redactSecrets } from '@architect/core/redact';
import { immediate, type SqliteConn } from '../openSqlite';

/** Raw-SQL queries: any connection will do, with or without the drizzle layer (the hook has none). */
type Db = Pick<SqliteConn, 'sqlite'>;

/** What auto-confirm decided about one permission request, via the hook or the screen. */
export type ApprovalOutcome = 'approve' | 'deny' | 'escalate';
// 'dashboard': a human's Approve once / Deny from the dashboard's "needs you" page.
export type ApprovalVia = 'hook' | 'screen' | 'dashboard' | 'terminal';

export const APPROVAL_KINDS: Record<ApprovalOutcome, string> = {
  approve: 'permission_approved',
  deny: 'permission_denied',
  escalate: 'permission_escalated',
};

export interface ApprovalRecord {
  session: string;
  outcome: ApprovalOutcome;
  via: ApprovalVia;
  tool: string | null;
  command: string | null;
  rule: string;
  /** Dialog identity (screen) or a hash of the exact tool input (hook). */
  screenHash: string | null;
  details?: Record<string, unknown>;
  now: number;
}

export interface ApprovalRow {
  id: number;
  session: string;
  kind: string;
  outcome: string | null;
  via: string | null;
  tool: string | null;
  command: string | null;
  rule: string | null;
  screenHash: string | null;
  details: Record<string, unknown> | null;
  createdAt: number;
}

interface RawInteraction {
  id: number;
  session_name: string;
  kind: string;
  outcome: string | null;
  via: string | null;
  tool: string | null;
  command: string | null;
  rule: string | null;
  screen_hash: string | null;
  details: string | null;
  created_at: number;
}

const toRow = (r: RawInteraction): ApprovalRow => ({
  id: r.id,
  session: r.session_name,
  kind: r.kind,
  outcome: r.outcome,
  via: r.via,
  tool: r.tool,
  command: r.command,
  rule: r.rule,
  screenHash: r.screen_hash,
  details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
  createdAt: r.created_at,
});

const PERMISSION_KINDS = Object.values(APPROVAL_KINDS);
const KIND_LIST = PERMISSION_KINDS.map((k) => `'${k}'`).join(',');

function insertInteraction(db: Db, r: ApprovalRecord): number {
  const res = db.sqlite
    .prepare(
      `INSERT INTO interactions (session_name, kind, tool, command, rule, outcome, via, screen_hash, details, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      r.session,
      APPROVAL_KINDS[r.outcome],
      r.tool,
      r.command,
      r.rule,
      r.outcome,
      r.via,
      r.screenHash,
      r.details ? JSON.stringify(r.details) : null,
      r.now,
    );
  return Number(res.lastInsertRowid);
}

/** An approve or deny: one interactions row. */
export function recordApproval(db: Db, r: ApprovalRecord): number {
  return insertInteraction(db, r);
}

export interface EscalationRecord extends ApprovalRecord {
  outcome: 'escalate';
  /** Human-readable reason, used for the alert text. */
  reason: string;
  /** False when this dialog was already alerted (e.g. by the hook for the same command). */
  alert: boolean;
  /** The dialog as read (tool, command, options), kept on the session row while it waits. */
  permission?: Record<string, unknown>;
}

/**
 * An escalation in one transaction: the interactions row, the session marked waiting_input (a
 * gone session stays gone), and an `alerts` row the SMS worker and dashboard pick up.
 */
export function recordEscalation(db: Db, r: EscalationRecord): { interactionId: number; alertId: number | null } {
  return immediate(db, () => {
    const interactionId = insertInteraction(db, r);
    db.sqlite
      .prepare(
        `UPDATE sessions SET state = 'waiting_input', state_at = ?, permission = coalesce(?, permission), updated_at = ?
         WHERE name = ? AND state != 'gone'`,
      )
      .run(r.now, r.permission ? JSON.stringify(r.permission) : null, r.now, r.session);
    let alertId: number | null = null;
    if (r.alert) {
      // The alert is what leaves the machine (SMS, webhook) and what lists show: the command is
      // stored redacted. The interactions row keeps it whole (hook and screen paths match on it).
      const command = r.command ? redactSecrets(r.command) : r.command;
      const what = command ? `${r.tool ?? 'tool'}: ${command.length > 160 ? `${command.slice(0, 157)}...` : command}` : (r.tool ?? 'a tool');
      const res = db.sqlite
        .prepare('INSERT INTO alerts (kind, session_name, message, details, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(
          'permission_escalated',
          r.session,
          `${r.session} needs a human: ${what} (${r.reason})`,
          JSON.stringify({ interactionId, tool: r.tool, command, rule: r.rule, via: r.via, reason: redactSecrets(r.reason) }),
          r.now,
        );
      alertId = Number(res.lastInsertRowid);
    }
    return { interactionId, alertId };
  });
}

/** Approvals and denials (not escalations) for a session since `since`: the rate limit's count. */
export function countAnswersSince(db: Db, session: string, since: number): number {
  const r = db.sqlite
    .prepare(
      `SELECT count(*) AS n FROM interactions
       WHERE session_name = ? AND created_at >= ? AND kind IN ('permission_approved','permission_denied')`,
    )
    .get(session, since) as { n: number };
  return r.n;
}

/** The newest permission decision for a session since `since`, optionally narrowed. */
export function latestApproval(
  db: Db,
  q: { session: string; since: number; via?: ApprovalVia; command?: string; screenHash?: string },
): ApprovalRow | undefined {
  const where = ['session_name = @session', 'created_at >= @since', `kind IN (${KIND_LIST})`];
  if (q.via) where.push('via = @via');
  if (q.command !== undefined) where.push('command = @command');
  if (q.screenHash !== undefined) where.push('screen_hash = @screenHash');
  const r = db.sqlite
    .prepare(`SELECT * FROM interactions WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT 1`)
    .get(q) as RawInteraction | undefined;
  return r ? toRow(r) : undefined;
}

/** Recent permission decisions, newest first (`architect approvals`, the dashboard's log). */
export function listApprovals(db: Db, q: { limit: number; session?: string }): ApprovalRow[] {
  const rows = db.sqlite
    .prepare(
      `SELECT * FROM interactions WHERE kind IN (${KIND_LIST}) ${q.session ? 'AND session_name = @session' : ''}
       ORDER BY created_at DESC, id DESC LIMIT @limit`,
    )
    .all({ limit: q.limit, session: q.session ?? null }) as RawInteraction[];
  return rows.map(toRow);
}

/** Enabled approval rules added from the dashboard, on top of the config file's lists. */
export function enabledApprovalRules(db: Db): { allow: string[]; ask: string[]; deny: string[] } {
  const rows = db.sqlite.prepare('SELECT list, rule FROM approval_rules WHERE enabled = 1 ORDER BY id').all() as {
    list: 'allow' | 'ask' | 'deny';
    rule: string;
  }[];
  const out = { allow: [] as string[], ask: [] as string[], deny: [] as string[] };
  for (const r of rows) out[r.list]?.push(r.rule);
  return out;
}

/** A key pressed again for an already-recorded decision (the agent ignored the first press). */
export function recordKeyRetry(db: Db, r: { session: string; screenHash: string; keys: string[]; decisionId?: number; now: number }): number {
  const res = db.sqlite
    .prepare(`INSERT INTO interactions (session_name, kind, via, screen_hash, details, created_at) VALUES (?, 'key', 'screen', ?, ?, ?)`)
    .run(r.session, r.screenHash, JSON.stringify({ keys: r.keys, retryOf: r.decisionId ?? null }), r.now);
  return Number(res.lastInsertRowid);
}
