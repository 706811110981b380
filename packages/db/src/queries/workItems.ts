import { ConflictError, NotFoundError, ValidationError } from '@architect/core';
import { immediate, type SqliteConn } from '../openSqlite';

type Db = Pick<SqliteConn, 'sqlite'>;

export const featureStatuses = ['draft', 'in_progress', 'completed', 'blocked'] as const;
export const bugStatuses = ['open', 'in_progress', 'fixed', 'closed'] as const;
export const bugSeverities = ['low', 'medium', 'high', 'critical'] as const;
export type FeatureStatus = (typeof featureStatuses)[number];
export type BugStatus = (typeof bugStatuses)[number];
export type WorkItemKind = 'feature' | 'bug';

/** Features and bugs share their shape and rules; this names what differs. */
export const WORK_ITEMS = {
  feature: { table: 'features', statuses: featureStatuses as readonly string[], initial: 'draft', working: 'in_progress', done: ['completed'], fields: ['title', 'description', 'spec', 'priority', 'estimated_hours', 'assigned_to'] },
  bug: { table: 'bugs', statuses: bugStatuses as readonly string[], initial: 'open', working: 'in_progress', done: ['fixed', 'closed'], fields: ['title', 'description', 'severity', 'priority'] },
} as const;

export interface WorkItemRow {
  id: number;
  project_id: number | null;
  project: string | null;
  title: string;
  description: string | null;
  status: string;
  priority: number;
  created_at: number;
  updated_at: number;
  [column: string]: unknown;
}

export interface WorkItemInput {
  projectId?: number | null;
  title: string;
  description?: string | null;
  status?: string;
  priority?: number;
  spec?: string | null;
  estimatedHours?: number | null;
  assignedTo?: string | null;
  severity?: string;
}

const COLUMN: Record<string, keyof WorkItemInput> = {
  title: 'title',
  description: 'description',
  spec: 'spec',
  priority: 'priority',
  estimated_hours: 'estimatedHours',
  assigned_to: 'assignedTo',
  severity: 'severity',
};

function checkInput(kind: WorkItemKind, w: Partial<WorkItemInput>): void {
  const spec = WORK_ITEMS[kind];
  if (w.title !== undefined && w.title.trim() === '') throw new ValidationError(`${kind} title is empty`);
  if (w.status !== undefined && !spec.statuses.includes(w.status)) throw new ValidationError(`${kind} status must be one of ${spec.statuses.join(', ')}, got "${w.status}"`);
  if (kind === 'bug' && w.severity !== undefined && !(bugSeverities as readonly string[]).includes(w.severity)) {
    throw new ValidationError(`bug severity must be one of ${bugSeverities.join(', ')}, got "${w.severity}"`);
  }
}

export function addWorkItem(db: Db, kind: WorkItemKind, w: WorkItemInput, now: number): number {
  checkInput(kind, w);
  const spec = WORK_ITEMS[kind];
  const cols = spec.fields.filter((c) => w[COLUMN[c]!] !== undefined);
  return immediate(db, () => {
    if (w.projectId != null && !db.sqlite.prepare('SELECT 1 FROM projects WHERE id = ?').get(w.projectId)) throw new NotFoundError('project', w.projectId);
    const r = db.sqlite
      .prepare(
        `INSERT INTO ${spec.table} (project_id, status, created_at, updated_at${cols.map((c) => `, ${c}`).join('')})
         VALUES (?, ?, ?, ?${cols.map(() => ', ?').join('')})`,
      )
      .run(w.projectId ?? null, w.status ?? spec.initial, now, now, ...cols.map((c) => w[COLUMN[c]!] as unknown));
    return Number(r.lastInsertRowid);
  });
}

export function listWorkItems(db: Db, kind: WorkItemKind, opts: { projectId?: number; status?: string; limit?: number } = {}): WorkItemRow[] {
  const { table } = WORK_ITEMS[kind];
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.projectId !== undefined) (where.push('w.project_id = ?'), args.push(opts.projectId));
  if (opts.status !== undefined) (where.push('w.status = ?'), args.push(opts.status));
  return db.sqlite
    .prepare(
      `SELECT w.*, p.name AS project FROM ${table} w LEFT JOIN projects p ON p.id = w.project_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.priority DESC, w.id DESC LIMIT ?`,
    )
    .all(...args, opts.limit ?? 500) as WorkItemRow[];
}

export function getWorkItem(db: Db, kind: WorkItemKind, id: number): WorkItemRow | undefined {
  return db.sqlite
    .prepare(`SELECT w.*, p.name AS project FROM ${WORK_ITEMS[kind].table} w LEFT JOIN projects p ON p.id = w.project_id WHERE w.id = ?`)
    .get(id) as WorkItemRow | undefined;
}

export function requireWorkItem(db: Db, kind: WorkItemKind, id: number): WorkItemRow {
  const row = getWorkItem(db, kind, id);
  if (!row) throw new NotFoundError(kind, id);
  return row;
}

export interface WorkItemPatch extends Partial<Omit<WorkItemInput, 'projectId'>> {
  /** The status the caller saw; the change applies only if the row is still in it. */
  fromStatus?: string;
}

/**
 * Updates fields; a status change is a compare-and-swap from the status the caller read
 * (`fromStatus`, or the one read here): a concurrent change makes it a ConflictError.
 */
export function updateWorkItem(db: Db, kind: WorkItemKind, id: number, patch: WorkItemPatch, now: number): WorkItemRow {
  checkInput(kind, patch);
  const spec = WORK_ITEMS[kind];
  return immediate(db, () => {
    const current = requireWorkItem(db, kind, id);
    const from = patch.fromStatus ?? current.status;
    const sets: string[] = ['updated_at = ?'];
    const args: unknown[] = [now];
    for (const c of spec.fields) {
      const v = (patch as Partial<WorkItemInput>)[COLUMN[c]!];
      if (v !== undefined) (sets.push(`${c} = ?`), args.push(v));
    }
    if (patch.status !== undefined) {
      sets.push('status = ?');
      args.push(patch.status);
      if (kind === 'feature') (sets.push('completed_at = ?'), args.push(patch.status === 'completed' ? now : null));
    }
    const r = db.sqlite.prepare(`UPDATE ${spec.table} SET ${sets.join(', ')} WHERE id = ? AND status = ?`).run(...args, id, from);
    if (r.changes === 0) throw new ConflictError(`${kind} ${id} is ${current.status}, not ${from}: nothing changed`, { id, status: current.status, expected: from });
    return requireWorkItem(db, kind, id);
  });
}
