/**
 * Projects declared in the config file, mirrored into the projects table so milestones and plans
 * can refer to them by id. Rows not in the config (added by other means) are left alone.
 */
import type { Db } from '../createDb';
import { immediate } from '../openSqlite';

export interface ProjectRow {
  id: number;
  name: string;
  path: string | null;
  status: string;
}

/** Insert or update every configured project by name; returns name → id. */
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
  return db.sqlite.prepare('SELECT id, name, path, status FROM projects WHERE name = ?').get(name) as ProjectRow | undefined;
}

export function getProjectById(db: Db, id: number): ProjectRow | undefined {
  return db.sqlite.prepare('SELECT id, name, path, status FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
}
