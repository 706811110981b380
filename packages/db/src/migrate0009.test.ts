import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createDb, type Db } from './createDb';
import { migrate } from './migrate';
import { migrationsDir } from './paths';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  db = dir = undefined;
});

/**
 * The migrations folder as it was before 0009: a copy without it and without every later one (the
 * migrator applies in order and never goes back to an earlier migration).
 */
function before0009(into: string): string {
  const src = migrationsDir();
  const out = path.join(into, 'migrations');
  fs.cpSync(src, out, { recursive: true });
  const journalPath = path.join(out, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  for (const e of journal.entries.filter((e) => e.idx >= 9)) fs.rmSync(path.join(out, `${e.tag}.sql`));
  journal.entries = journal.entries.filter((e) => e.idx < 9);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return out;
}

it('0009 keeps existing features and bugs, maps their statuses, and enforces them from then on', () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-0009-'));
  db = createDb({ path: path.join(dir, 'a.db') });
  migrate(db, before0009(dir));
  db.sqlite.exec(`INSERT INTO projects (id, name) VALUES (1, 'p');
    INSERT INTO features (id, project_id, title) VALUES (7, 1, 'old default');
    INSERT INTO features (id, project_id, title, status) VALUES (8, 1, 'shipped', 'done');
    INSERT INTO bugs (id, project_id, title, severity, status) VALUES (3, 1, 'b', 'trivial', 'resolved');`);
  migrate(db, migrationsDir());
  expect(db.sqlite.prepare('SELECT id, status FROM features ORDER BY id').all()).toEqual([{ id: 7, status: 'draft' }, { id: 8, status: 'completed' }]);
  expect(db.sqlite.prepare('SELECT id, severity, status, priority FROM bugs').all()).toEqual([{ id: 3, severity: 'medium', status: 'open', priority: 0 }]);
  expect(() => db!.sqlite.exec("UPDATE features SET status = 'planned' WHERE id = 7")).toThrow(/CHECK constraint failed/);
  expect(() => db!.sqlite.exec("INSERT INTO bugs (title, status) VALUES ('x', 'done')")).toThrow(/CHECK constraint failed/);
  // AUTOINCREMENT continues past the copied rows
  expect(Number(db.sqlite.prepare("INSERT INTO features (title) VALUES ('new')").run().lastInsertRowid)).toBe(9);
  expect(db.sqlite.prepare('SELECT status FROM features WHERE id = 9').get()).toEqual({ status: 'draft' });
  expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
});
