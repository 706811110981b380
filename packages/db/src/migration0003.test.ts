import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDb, type Db } from './createDb';
import { migrate } from './migrate';
import { migrationsDir } from './paths';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-m3-'));
  db = createDb({ path: path.join(dir, 'architect.db') });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The migrations folder as it was before 0003. */
function before0003(): string {
  const old = path.join(dir, 'migrations');
  fs.mkdirSync(path.join(old, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir(), 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx < 3);
  fs.writeFileSync(path.join(old, 'meta', '_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) fs.copyFileSync(path.join(migrationsDir(), `${e.tag}.sql`), path.join(old, `${e.tag}.sql`));
  return old;
}

it('0003 keeps every session row and its counters, and then accepts exited', () => {
  migrate(db, before0003());
  db.sqlite
    .prepare("INSERT INTO sessions (name, provider, state, completed_count, failed_count, last_output) VALUES ('w1', 'claude', 'idle', 7, 2, 'done')")
    .run();
  db.sqlite.prepare("INSERT INTO alerts (kind, session_name, message) VALUES ('permission_escalated', 'w1', 'x')").run();
  expect(() => db.sqlite.prepare("UPDATE sessions SET state = 'exited'").run()).toThrow(/CHECK/);

  expect(migrate(db, migrationsDir()).applied[0]).toBe('0003_session_exited_alert_episodes');
  expect(db.sqlite.prepare('SELECT name, state, completed_count, failed_count, last_output, process_state FROM sessions').all()).toEqual([
    { name: 'w1', state: 'idle', completed_count: 7, failed_count: 2, last_output: 'done', process_state: null },
  ]);
  db.sqlite.prepare("UPDATE sessions SET state = 'exited', process_state = 'exited'").run();
  expect(db.sqlite.prepare("SELECT count(*) AS n FROM alerts WHERE episode IS NULL").get()).toEqual({ n: 1 });
  expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
  expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' AND name = 'sessions_state_idx'").get()).toBeTruthy();
});
