import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getPrompt, listSecrets, listWorkItems, listProjects, openVault, promptHistory } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { architect } from '../support/cli';
import { LEGACY_SECRET_VALUES, buildLegacyDbs } from '../support/legacyDbs';

let db: TempDb;
let env: Record<string, string>;
let legacy: { architectDb: string; assignerDb: string };
beforeEach(() => {
  db = tempDb();
  env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path, ARCHITECT_VAULT_KEY: '' };
  const dir = path.join(db.dir, 'legacy');
  fs.mkdirSync(dir);
  legacy = buildLegacyDbs(dir);
});
afterEach(() => db.dispose());

const snapshot = () => ({
  projects: listProjects(db, { includeArchived: true }).map((p) => [p.name, p.status, p.path]),
  features: listWorkItems(db, 'feature').map((f) => [f.title, f.status, f.project]),
  bugs: listWorkItems(db, 'bug').map((b) => [b.title, b.status, b.severity]),
  secrets: listSecrets(db).map((s) => [s.name, s.service, s.category]),
  prompts: (db.sqlite.prepare('SELECT content, status, archived FROM prompts ORDER BY id').all() as Record<string, unknown>[]).map((p) => Object.values(p)),
  milestones: db.sqlite.prepare('SELECT name, tasks FROM milestones').all(),
});

describe('architect import-legacy (built CLI)', () => {
  it('dry run writes nothing; the import maps statuses, re-encrypts XOR-42 secrets; a second run imports nothing twice', () => {
    const args = ['import-legacy', '--architect-db', legacy.architectDb, '--assigner-db', legacy.assignerDb, '--json'];
    const dry = architect([...args, '--dry-run'], env);
    expect(dry.stderr).toBe('');
    const dryReport = JSON.parse(dry.stdout);
    expect(dryReport.dry_run).toBe(true);
    expect(dryReport.tables.projects).toMatchObject({ read: 3, imported: 3 });
    expect(listProjects(db, { includeArchived: true })).toEqual([]);
    expect(fs.existsSync(path.join(db.dir, 'data', 'vault.key'))).toBe(false);

    const first = JSON.parse(architect(args, env).stdout);
    expect(first.tables).toMatchObject({
      projects: { read: 3, imported: 3, already: 0 },
      features: { read: 4, imported: 4 },
      bugs: { read: 3, imported: 3 },
      secrets: { read: 3, imported: 2, skipped: 1, reasons: { bad_name: 1 } },
      milestone_summaries: { imported: 1 },
      'assigner.prompts': { read: 3, imported: 3 },
    });
    expect(first.sessions).toEqual(['dev_worker1', 'dev_worker2']);
    const after = snapshot();
    expect(after.projects).toEqual([['architect', 'active', '/path/to/architect'], ['basic_edu_apps', 'paused', '/srv/edu'], ['old-site', 'archived', null]]);
    expect(after.features).toEqual(expect.arrayContaining([['Offline mode', 'draft', 'basic_edu_apps'], ['Math quiz', 'in_progress', 'basic_edu_apps'], ['SMS status updates', 'completed', 'architect']]));
    expect(after.bugs).toEqual(expect.arrayContaining([['Ghost sessions', 'fixed', 'medium'], ['Typo', 'closed', 'medium'], ['Counters never move', 'open', 'high']]));
    // A prompt the old system never finished comes across cancelled and archived, never pending.
    expect(after.prompts).toEqual([['Fix the authentication bug in app.py', 'completed', 1], ['Refactor db layer', 'failed', 1], ['Write tests', 'cancelled', 1]]);
    expect(promptHistory(db, 1).map((h) => h.action)).toEqual(['legacy:assigned', 'legacy:completed', 'imported']);
    expect(getPrompt(db, 2)).toMatchObject({ attempts: 3, error: 'timeout', assignedSession: 'dev_worker2' });

    // secrets: decoded from XOR-42 and sealed by the vault; no plaintext in the database files
    const vault = openVault(db, { kind: 'file', path: path.join(db.dir, 'data', 'vault.key') });
    expect(vault.reveal('DIALPAD_API_KEY', { actor: 'test' }, Date.now())).toBe(LEGACY_SECRET_VALUES.DIALPAD_API_KEY);
    expect(vault.reveal('GITHUB_TOKEN', { actor: 'test' }, Date.now())).toBe(LEGACY_SECRET_VALUES.GITHUB_TOKEN);
    for (const f of fs.readdirSync(db.dir).filter((n) => n.startsWith('architect.db'))) {
      const bytes = fs.readFileSync(path.join(db.dir, f));
      for (const v of Object.values(LEGACY_SECRET_VALUES)) expect(bytes.includes(Buffer.from(v))).toBe(false);
    }

    const second = JSON.parse(architect(args, env).stdout);
    for (const t of Object.values(second.tables) as { imported: number; already: number; read: number }[]) {
      expect(t.imported).toBe(0);
      expect(t.already).toBe(t.read);
    }
    expect(snapshot()).toEqual(after);
  });

  it('bad input is a clear error: not SQLite, missing tables, missing file', () => {
    const notDb = path.join(db.dir, 'notes.txt');
    fs.writeFileSync(notDb, 'hello, this is not a database');
    const a = architect(['import-legacy', '--architect-db', notDb], env);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/notes\.txt is not a SQLite database/);
    const b = architect(['import-legacy', '--architect-db', legacy.assignerDb], env);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/lacks the table\(s\) projects, features/);
    const c = architect(['import-legacy', '--architect-db', path.join(db.dir, 'nope.db')], env);
    expect(c.stderr).toMatch(/cannot read \(ENOENT\)/);
    expect(architect(['import-legacy'], env).code).toBe(2);
    expect(listProjects(db, { includeArchived: true })).toEqual([]);
  });
});
