/**
 * Read-only views the dashboard shows that no daemon needs: the queue in delivery order with
 * positions, throughput series, and the tables other daemons fill (health, outages, alerts, SMS,
 * projects, features, secret names). Every query is bounded (LIMIT or an index range) so a page
 * stays fast with hundreds of thousands of rows.
 */
import type { SqliteConn } from '../openSqlite';
import { toPrompt, type PromptRow, type RawPrompt } from './prompts';

type Db = Pick<SqliteConn, 'sqlite'>;
type Row = Record<string, unknown>;

/** The pending queue in the assigner's order; position 1 goes next (backed-off prompts included). */
export function queuePage(db: Db, offset: number, limit: number): { total: number; rows: (PromptRow & { position: number })[] } {
  const total = (db.sqlite.prepare("SELECT count(*) AS n FROM prompts WHERE status = 'pending'").get() as { n: number }).n;
  const rows = db.sqlite
    .prepare("SELECT * FROM prompts WHERE status = 'pending' ORDER BY priority DESC, created_at ASC, id ASC LIMIT ? OFFSET ?")
    .all(limit, offset) as RawPrompt[];
  return { total, rows: rows.map((r, i) => ({ ...toPrompt(r), position: offset + i + 1 })) };
}

/** A pending prompt's place in the queue (1 = next), or undefined when it is not pending. */
export function queuePosition(db: Db, id: number): number | undefined {
  const p = db.sqlite.prepare("SELECT priority, created_at, id FROM prompts WHERE id = ? AND status = 'pending'").get(id) as
    | { priority: number; created_at: number; id: number }
    | undefined;
  if (!p) return undefined;
  const ahead = db.sqlite
    .prepare(
      `SELECT count(*) AS n FROM prompts WHERE status = 'pending' AND (priority > @priority
         OR (priority = @priority AND (created_at < @created_at OR (created_at = @created_at AND id < @id))))`,
    )
    .get(p) as { n: number };
  return ahead.n + 1;
}

export interface SeriesPoint {
  /** Start of the bucket (ms). */
  t: number;
  completed: number;
  failed: number;
}

/**
 * Prompts finished per bucket since `since` (success rate = completed / (completed + failed)).
 * One range count per bucket and status on the (status, completed_at) index: a GROUP BY over a
 * day of finished prompts would sort tens of thousands of rows on every overview render.
 */
export function finishedSeries(db: Db, since: number, bucketMs: number, now = Date.now()): SeriesPoint[] {
  const count = db.sqlite.prepare('SELECT count(*) AS n FROM prompts WHERE status = ? AND completed_at >= ? AND completed_at < ?').pluck();
  const points: SeriesPoint[] = [];
  for (let t = Math.floor(since / bucketMs) * bucketMs; t <= now; t += bucketMs) {
    const completed = count.get('completed', t, t + bucketMs) as number;
    const failed = count.get('failed', t, t + bucketMs) as number;
    if (completed || failed) points.push({ t, completed, failed });
  }
  return points;
}

/** Sessions a human should look at: waiting for input (oldest first), exited or unknown ones. */
export function sessionsNeedingHuman(db: Db): { name: string; provider: string; state: string; stateAt: number | null; permission: Row | null; lastOutput: string | null; screenState: string | null }[] {
  const rows = db.sqlite
    .prepare(
      `SELECT name, provider, state, state_at, permission, last_output, screen_state FROM sessions
       WHERE managed = 1 AND (state IN ('waiting_input','unknown') OR screen_state = 'exited')
       ORDER BY state != 'waiting_input', coalesce(state_at, 0) ASC`,
    )
    .all() as Row[];
  return rows.map((r) => ({
    name: r.name as string,
    provider: r.provider as string,
    state: r.state as string,
    stateAt: (r.state_at as number | null) ?? null,
    permission: r.permission ? (JSON.parse(r.permission as string) as Row) : null,
    lastOutput: (r.last_output as string | null) ?? null,
    screenState: (r.screen_state as string | null) ?? null,
  }));
}

/** Busy sessions whose last activity is older than `stuckMs`. */
export function stuckSessions(db: Db, now: number, stuckMs: number): { name: string; lastActivity: number | null; currentPromptId: number | null }[] {
  return (
    db.sqlite
      .prepare(
        `SELECT name, last_activity AS lastActivity, current_prompt_id AS currentPromptId FROM sessions
         WHERE managed = 1 AND state = 'busy' AND coalesce(last_activity, state_at, 0) < ? ORDER BY last_activity`,
      )
      .all(now - stuckMs) as { name: string; lastActivity: number | null; currentPromptId: number | null }[]
  );
}

const list = (db: Db, sql: string, ...args: unknown[]) => db.sqlite.prepare(sql).all(...args) as Row[];

export function latestHealthChecks(db: Db, limit = 200): Row[] {
  // The newest row of each check (the health daemon records transitions and periodic results).
  return list(
    db,
    `SELECT h.id, h.check_name, h.status, h.message, h.value, h.created_at FROM health_checks h
     JOIN (SELECT check_name, max(id) AS id FROM health_checks GROUP BY check_name) m ON m.id = h.id
     ORDER BY h.check_name LIMIT ?`,
    limit,
  );
}

export function outageRows(db: Db, limit = 100): Row[] {
  return list(db, 'SELECT id, check_name, reason, started_at, ended_at, duration_ms FROM outages ORDER BY id DESC LIMIT ?', limit);
}

export function openOutageCount(db: Db): number {
  return (db.sqlite.prepare('SELECT count(*) AS n FROM outages WHERE ended_at IS NULL').get() as { n: number }).n;
}

export function alertRows(db: Db, limit = 100): Row[] {
  return list(db, 'SELECT id, kind, session_name, message, notified_at, acknowledged_at, created_at FROM alerts ORDER BY id DESC LIMIT ?', limit);
}

export function listSmsMessages(db: Db, limit = 100): Row[] {
  return list(db, 'SELECT id, kind, body, recipients AS to_number, status, sid, error, attempts, created_at, sent_at FROM sms_messages ORDER BY id DESC LIMIT ?', limit);
}

/** Interactions recorded since `since` (an index range on created_at). */
export function countInteractionsSince(db: Db, since: number): number {
  return (db.sqlite.prepare('SELECT count(*) AS n FROM interactions WHERE created_at >= ?').get(since) as { n: number }).n;
}
