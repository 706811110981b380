import { ConflictError, NotFoundError, ValidationError } from '@architect/core';
import { immediate, type SqliteConn } from '../openSqlite';

type Db = Pick<SqliteConn, 'sqlite'>;

export const projectStatuses = ['active', 'paused', 'archived'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export interface ProjectRow {
  id: number;
  name: string;
  path: string | null;
  description: string | null;
  status: ProjectStatus;
  priority: number;
  created_at: number;
  updated_at: number;
}

export interface NewProject {
  name: string;
  path?: string | null;
  description?: string | null;
  priority?: number;
  status?: ProjectStatus;
}

export const PROJECT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@ -]{0,99}$/;

export function addProject(db: Db, p: NewProject, now: number): number {
  if (!PROJECT_NAME_PATTERN.test(p.name)) throw new ValidationError(`project name must match ${PROJECT_NAME_PATTERN.source}, got "${p.name.slice(0, 40)}"`);
  return immediate(db, () => {
    if (db.sqlite.prepare('SELECT 1 FROM projects WHERE name = ?').get(p.name)) throw new ConflictError(`project "${p.name}" already exists`, { name: p.name });
    const r = db.sqlite
      .prepare('INSERT INTO projects (name, path, description, status, priority, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(p.name, p.path ?? null, p.description ?? null, p.status ?? 'active', p.priority ?? 0, now, now);
    return Number(r.lastInsertRowid);
  });
}

export function listProjects(db: Db, opts: { includeArchived?: boolean } = {}): ProjectRow[] {
  const where = opts.includeArchived ? '' : "WHERE status != 'archived'";
  return db.sqlite.prepare(`SELECT * FROM projects ${where} ORDER BY priority DESC, name`).all() as ProjectRow[];
}

/** By id, or by name when `ref` is not a number. */
export function getProject(db: Db, ref: number | string): ProjectRow | undefined {
  const byId = typeof ref === 'number' || /^\d+$/.test(ref);
  return db.sqlite.prepare(`SELECT * FROM projects WHERE ${byId ? 'id' : 'name'} = ?`).get(byId ? Number(ref) : ref) as ProjectRow | undefined;
}

export function requireProject(db: Db, ref: number | string): ProjectRow {
  const p = getProject(db, ref);
  if (!p) throw new NotFoundError('project', ref);
  return p;
}

/** Compare-and-swap: archived from whatever status it was read in; archiving twice is a conflict. */
export function archiveProject(db: Db, ref: number | string, now: number): ProjectRow {
  const p = requireProject(db, ref);
  const row = db.sqlite
    .prepare("UPDATE projects SET status = 'archived', updated_at = ? WHERE id = ? AND status = ? AND status != 'archived' RETURNING *")
    .get(now, p.id, p.status) as ProjectRow | undefined;
  if (!row) throw new ConflictError(`project ${p.name} is already archived (or changed meanwhile)`, { id: p.id });
  return row;
}

export function projectCounts(db: Db, id: number): { features: Record<string, number>; bugs: Record<string, number> } {
  const count = (table: string) =>
    Object.fromEntries(
      (db.sqlite.prepare(`SELECT status, count(*) AS n FROM ${table} WHERE project_id = ? GROUP BY status`).all(id) as { status: string; n: number }[]).map((r) => [r.status, r.n]),
    );
  return { features: count('features'), bugs: count('bugs') };
}

/** The seed's /api/stats counts: live projects, features being worked on, bugs not yet fixed. */
export function planningCounts(db: Db): { projects: number; active_features: number; open_bugs: number } {
  return db.sqlite
    .prepare(
      `SELECT (SELECT count(*) FROM projects WHERE status != 'archived') AS projects,
              (SELECT count(*) FROM features WHERE status = 'in_progress') AS active_features,
              (SELECT count(*) FROM bugs WHERE status IN ('open', 'in_progress')) AS open_bugs`,
    )
    .get() as { projects: number; active_features: number; open_bugs: number };
}

/**
 * Projects declared in the config file (`projects: [{name, path}]`), mirrored into the table so
 * milestones and plans can refer to them by id. Rows not in the config (added by `architect
 * projects add` or imported) are left alone. Insert or update by name; returns name → id.
 */
export function syncConfiguredProjects(db: Db, list: readonly { name: string; path: string }[], now: number): Map<string, number> {
  return immediate(db, () => {
    const upsert = db.sqlite.prepare(
      `INSERT INTO projects (name, path, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET path = excluded.path, updated_at = excluded.updated_at
         WHERE projects.path IS NOT excluded.path
       RETURNING id`,
    );
    const byName = db.sqlite.prepare('SELECT id FROM projects WHERE name = ?');
    const ids = new Map<string, number>();
    for (const p of list) {
      const row = (upsert.get(p.name, p.path, now, now) ?? byName.get(p.name)) as { id: number };
      ids.set(p.name, row.id);
    }
    return ids;
  });
}

export function getProjectByName(db: Db, name: string): ProjectRow | undefined {
  return db.sqlite.prepare('SELECT * FROM projects WHERE name = ?').get(name) as ProjectRow | undefined;
}

export function getProjectById(db: Db, id: number): ProjectRow | undefined {
  return db.sqlite.prepare('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
}
