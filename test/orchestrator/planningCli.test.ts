import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertSuggestion } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { architect } from '../support/cli';

let db: TempDb;
let env: Record<string, string>;
let repo: string;
beforeEach(() => {
  db = tempDb();
  repo = path.join(db.dir, 'repo');
  fs.mkdirSync(repo);
  execFileSync('git', ['-C', repo, 'init', '-q']);
  fs.writeFileSync(path.join(repo, 'a.ts'), '// TODO: first\n');
  fs.writeFileSync(path.join(repo, 'ROADMAP.md'), '# Roadmap\n## v1\n- [ ] ship\n- [x] design\n');
  execFileSync('git', ['-C', repo, 'add', '.']);
  fs.writeFileSync(path.join(db.dir, 'architect.config.json'), JSON.stringify({ projects: [{ name: 'repo', path: repo }] }));
  env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path };
});
afterEach(() => db.dispose());

const cli = (...args: string[]) => architect(args, env);
const json = (...args: string[]) => {
  const r = cli(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('architect milestones, plans and suggestions', () => {
  it('milestones scan writes reports and the tables; an unknown project is an error', () => {
    const [r] = json('milestones', 'scan', '--project', 'repo');
    expect(r.items.map((i: { tag: string; text: string }) => `${i.tag}:${i.text}`).sort()).toEqual(['CHECKBOX:ship', 'TODO:first']);
    expect(r.phases).toContainEqual({ name: 'v1', open: 1, done: 1, estimatedHours: 2 });
    expect(fs.existsSync(r.reports.md)).toBe(true);
    expect(r.reports.md.startsWith(path.join(db.dir, 'data', 'milestones', 'repo'))).toBe(true);
    const bad = cli('milestones', 'scan', '--project', 'nope');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/project nope does not exist/);
  });

  it('plans add (Markdown), list, show, pause, resume, cancel; bad files are refused clearly', () => {
    const file = path.join(db.dir, 'plan.md');
    fs.writeFileSync(file, '# Ship\nproject: repo\n## Phase 1\n- [ ] write it\n  verify: true\n- [x] plan it\n');
    const added = json('plans', 'add', '--file', file);
    expect(added).toMatchObject({ id: 1, name: 'Ship', status: 'active', progress: '50% of Phase 1' });
    expect(added.steps.map((s: { key: string; status: string; verify: string | null }) => [s.key, s.status, s.verify])).toEqual([
      ['s1', 'pending', 'true'],
      ['s2', 'done', null],
    ]);
    expect(json('plans', 'list').map((p: { id: number; progress: string }) => [p.id, p.progress])).toEqual([[1, '50% of Phase 1']]);
    expect(cli('plans', 'show', '1').stdout).toContain('Phase 1: 1/2 (50%)');
    expect(json('plans', 'pause', '1')).toEqual({ plan_id: 1, status: 'paused' });
    const again = cli('plans', 'pause', '1');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/plan 1 is paused; cannot pause it/);
    expect(json('plans', 'resume', '1')).toEqual({ plan_id: 1, status: 'active' });
    expect(json('plans', 'cancel', '1')).toEqual({ plan_id: 1, status: 'cancelled' });
    expect(cli('plans', 'show', '9').stderr).toMatch(/plan 9 does not exist/);

    fs.writeFileSync(file, '# Bad\n## A\n- [ ] a\n  after: ghost\n');
    const bad = cli('plans', 'add', '--file', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid plan .*plan\.md:\n {2}- step "s1" depends on unknown step "ghost"/);
    const missing = cli('plans', 'add', '--file', path.join(db.dir, 'none.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
    expect(cli('plans', 'add').code).toBe(2);
  });

  it('suggestions list, accept and dismiss', () => {
    upsertSuggestion(db, { kind: 'lost_prompt', fingerprint: 'lost_prompt:1', message: 'retry it', evidence: { promptId: 1 } }, 1);
    upsertSuggestion(db, { kind: 'lost_prompt', fingerprint: 'lost_prompt:2', message: 'retry it too', evidence: { promptId: 2 } }, 2);
    expect(json('suggestions').map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([
      [2, 'open'],
      [1, 'open'],
    ]);
    expect(json('suggestions', 'accept', '1')).toEqual({ suggestion_id: 1, status: 'accepted' });
    expect(json('suggestions', 'dismiss', '2')).toEqual({ suggestion_id: 2, status: 'dismissed' });
    expect(cli('suggestions', 'dismiss', '2').stderr).toMatch(/already dismissed/);
    expect(json('suggestions', '--status', 'open')).toEqual([]);
  });
});
