import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from './createDb';
import { isMigrated, migrate } from './migrate';
import { migrationsDir } from './paths';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function freshDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-migrate-'));
  dirs.push(dir);
  const db = createDb({ path: path.join(dir, 'a.db') });
  dbs.push(db);
  return db;
}

describe('migrate', () => {
  it('applies every migration to an empty database, then is a no-op', () => {
    const db = freshDb();
    expect(isMigrated(db, migrationsDir())).toBe(false);
    const first = migrate(db, migrationsDir());
    expect(first.applied.length).toBeGreaterThan(0);
    expect(isMigrated(db, migrationsDir())).toBe(true);
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['sessions', 'prompts', 'assignment_history', 'lost_and_found', 'file_locks', 'tasks', 'workers', 'interactions', 'approval_rules', 'projects', 'features', 'bugs', 'milestones', 'plans', 'plan_steps', 'suggestions', 'secrets', 'health_checks', 'outages', 'sms_messages', 'audit_log', 'web_sessions']) {
      expect(tables).toContain(t);
    }
    const second = migrate(db, migrationsDir());
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
  });

  it('sets the pragmas every connection relies on', () => {
    const db = freshDb();
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const full = createDb({ path: path.join(path.dirname(db.path), 'b.db'), synchronous: 'FULL' });
    dbs.push(full);
    expect(full.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('enforces foreign keys and status checks', () => {
    const db = freshDb();
    migrate(db, migrationsDir());
    expect(() => db.sqlite.prepare("INSERT INTO assignment_history (prompt_id, action) VALUES (999, 'x')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.sqlite.prepare("INSERT INTO prompts (content, status) VALUES ('x', 'bogus')").run()).toThrow(/CHECK/);
  });
});
