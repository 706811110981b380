/**
 * Milestone scan results. Items are keyed by (project, signature): a rescan updates what it finds
 * again (line, phase), adds what is new, reopens what came back and closes what vanished. The
 * milestones table holds one row per phase of the latest scan.
 */
import type { Db } from '../createDb';
import { immediate } from '../openSqlite';

export interface ScannedItem {
  signature: string;
  kind: string;
  tag: string;
  text: string;
  file: string;
  line: number;
  owner: string | null;
  phase: string;
  estimatedHours: number;
}

export interface ScannedPhase {
  name: string;
  open: number;
  done: number;
  estimatedHours: number;
}

export interface MilestoneItemRow extends ScannedItem {
  id: number;
  status: 'open' | 'closed';
  firstSeenAt: number;
  lastSeenAt: number;
  closedAt: number | null;
}

export interface RecordScanResult {
  added: number;
  seenAgain: number;
  reopened: number;
  closed: number;
}

export function recordMilestoneScan(
  db: Db,
  a: { projectId: number; items: readonly ScannedItem[]; phases: readonly ScannedPhase[]; reportPath: string | null; now: number; closeVanished?: boolean },
): RecordScanResult {
  return immediate(db, () => {
    const existing = new Map(
      (db.sqlite.prepare('SELECT signature, status FROM milestone_items WHERE project_id = ?').all(a.projectId) as { signature: string; status: string }[]).map(
        (r) => [r.signature, r.status],
      ),
    );
    const upsert = db.sqlite.prepare(
      `INSERT INTO milestone_items (project_id, signature, kind, tag, text, file, line, owner, phase, estimated_hours, status, first_seen_at, last_seen_at)
       VALUES (@projectId, @signature, @kind, @tag, @text, @file, @line, @owner, @phase, @estimatedHours, 'open', @now, @now)
       ON CONFLICT(project_id, signature) DO UPDATE SET text = excluded.text, line = excluded.line, owner = excluded.owner,
         phase = excluded.phase, estimated_hours = excluded.estimated_hours, status = 'open', last_seen_at = excluded.last_seen_at, closed_at = NULL`,
    );
    const r: RecordScanResult = { added: 0, seenAgain: 0, reopened: 0, closed: 0 };
    for (const it of a.items) {
      const before = existing.get(it.signature);
      if (before === undefined) r.added++;
      else if (before === 'closed') r.reopened++;
      else r.seenAgain++;
      upsert.run({ ...it, projectId: a.projectId, now: a.now });
    }
    // Everything open that this scan did not see has vanished from the code: closed. A truncated
    // scan did not read every file, so it closes nothing.
    if (a.closeVanished !== false) r.closed = db.sqlite
      .prepare("UPDATE milestone_items SET status = 'closed', closed_at = ? WHERE project_id = ? AND status = 'open' AND last_seen_at < ?")
      .run(a.now, a.projectId, a.now).changes;

    db.sqlite.prepare('DELETE FROM milestones WHERE project_id = ?').run(a.projectId);
    const insertPhase = db.sqlite.prepare(
      `INSERT INTO milestones (project_id, name, phase, tasks, estimated_hours, status, report_path, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const p of a.phases) {
      const sigs = a.items.filter((i) => i.phase === p.name).map((i) => i.signature);
      const status = p.open === 0 ? 'done' : 'open';
      insertPhase.run(a.projectId, p.name, p.name, JSON.stringify({ open: p.open, done: p.done, items: sigs }), p.estimatedHours, status, a.reportPath, a.now);
    }
    return r;
  });
}

const ITEM_COLS = `id, signature, kind, tag, text, file, line, owner, phase, estimated_hours AS estimatedHours, status,
  first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt, closed_at AS closedAt`;

export function listMilestoneItems(db: Db, projectId: number, opts: { status?: 'open' | 'closed' } = {}): MilestoneItemRow[] {
  return db.sqlite
    .prepare(`SELECT ${ITEM_COLS} FROM milestone_items WHERE project_id = ? ${opts.status ? 'AND status = ?' : ''} ORDER BY file, line`)
    .all(...(opts.status ? [projectId, opts.status] : [projectId])) as MilestoneItemRow[];
}
