import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, milestonesSchema } from '@architect/core';
import { listMilestoneItems, syncConfiguredProjects } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { runMilestoneScan } from './runScan';
import { scanProject } from './scanProject';

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-C', dir, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { stdio: 'pipe' });
}

function write(dir: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

const FIXTURE: Record<string, string> = {
  'src/app.ts': [
    'const url = "http://x // TODO: not a comment";',
    '// TODO: handle retries',
    'function f() {} // FIXME(ana): off by one',
    '/*',
    ' * HACK: works around the old API',
    ' */',
    "const s = '/* TODO: in a string */';",
  ].join('\n'),
  'tool.py': ['# TODO(bob): port to asyncio', 'x = "# XXX not a comment"', 'y = 1  # BUG: crashes on empty input'].join('\n'),
  'db/schema.sql': ['-- XXX: index missing', 'SELECT 1;'].join('\n'),
  'page.html': '<p>hi</p> <!-- TODO: translate -->\n',
  'notes.txt': 'TODO: unknown syntax, not scanned\n',
  'README.md': 'We track the BUG list elsewhere.\n',
  'TODO.md': ['# Todo', '## Phase 1', '- [x] set up repo', '- [ ] write parser', '## Phase 2', '- [ ] ship it', '```', '- [ ] in a code block', '```'].join('\n'),
  'node_modules/lib/index.js': '// TODO: vendored\n',
  'dist/out.js': '// TODO: generated\n',
  'pnpm-lock.yaml': '# TODO: lock\n',
  'app.min.js': '// TODO: minified\n',
};

describe('milestone scan', () => {
  let repo: string;
  let db: TempDb;
  const limits = milestonesSchema.parse({});

  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-ms-'));
    git(repo, 'init', '-q');
    for (const [f, t] of Object.entries(FIXTURE)) write(repo, f, t);
    write(repo, 'untracked.ts', '// TODO: untracked\n');
    git(repo, 'add', '-f', ...Object.keys(FIXTURE));
    db = tempDb();
  });
  afterEach(() => {
    db.dispose();
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('finds exactly the comment markers and checkbox items, with phases, owners and estimates', async () => {
    const r = await scanProject({ name: 'p', path: repo }, limits);
    const got = r.items.map((i) => [i.file, i.line, i.tag, i.owner, i.text, i.phase, i.estimatedHours]).sort();
    expect(got).toEqual(
      [
        ['TODO.md', 4, 'CHECKBOX', null, 'write parser', 'Phase 1', 2],
        ['TODO.md', 6, 'CHECKBOX', null, 'ship it', 'Phase 2', 2],
        ['db/schema.sql', 1, 'XXX', null, 'index missing', 'Cleanup', 1],
        ['page.html', 1, 'TODO', null, 'translate', 'Backlog', 1],
        ['src/app.ts', 2, 'TODO', null, 'handle retries', 'Backlog', 1],
        ['src/app.ts', 3, 'FIXME', 'ana', 'off by one', 'Fixes', 2],
        ['src/app.ts', 5, 'HACK', null, 'works around the old API', 'Cleanup', 1.5],
        ['tool.py', 1, 'TODO', 'bob', 'port to asyncio', 'Backlog', 1],
        ['tool.py', 3, 'BUG', null, 'crashes on empty input', 'Fixes', 3],
      ].sort(),
    );
    expect(r.phases.find((p) => p.name === 'Phase 1')).toEqual({ name: 'Phase 1', open: 1, done: 1, estimatedHours: 2 });
    expect(r.stats.skipped).toMatchObject({ vendored: 2, lockfile: 1, minified: 1, no_comment_syntax: 1 });
    expect(r.stats.truncated).toBe(false);
  });

  it('dedupes a rescan after lines move, closes vanished items and writes reports', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 3, 12));
    const ids = syncConfiguredProjects(db, [{ name: 'p', path: repo }], clock.now());
    const project = { id: ids.get('p')!, name: 'p', path: repo };
    const dataDir = path.join(db.dir, 'data');
    const first = await runMilestoneScan({ db, dataDir, limits, clock }, project);
    expect(first.recorded).toEqual({ added: 9, seenAgain: 0, reopened: 0, closed: 0 });
    expect(fs.existsSync(path.join(dataDir, 'milestones/p/2026-12-03.json'))).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'milestones/p/2026-12-03.md'), 'utf8')).toContain('## Phase 1');
    const before = listMilestoneItems(db, project.id).find((i) => i.text === 'handle retries')!;

    // Lines move (three new lines on top), the HACK disappears.
    write(repo, 'src/app.ts', ['', '', '', FIXTURE['src/app.ts']!.replace(' * HACK: works around the old API', ' * plain')].join('\n'));
    git(repo, 'add', 'src/app.ts');
    clock.advance(60_000);
    const second = await runMilestoneScan({ db, dataDir, limits, clock }, project);
    expect(second.recorded).toEqual({ added: 0, seenAgain: 8, reopened: 0, closed: 1 });
    const items = listMilestoneItems(db, project.id);
    expect(items).toHaveLength(9);
    const after = items.find((i) => i.text === 'handle retries')!;
    expect(after.id).toBe(before.id);
    expect(after.line).toBe(5);
    expect(items.find((i) => i.tag === 'HACK')!.status).toBe('closed');
    const phases = db.sqlite.prepare('SELECT name FROM milestones WHERE project_id = ? ORDER BY name').all(project.id);
    expect(phases.map((p) => (p as { name: string }).name)).toEqual(['Backlog', 'Cleanup', 'Fixes', 'Phase 1', 'Phase 2']);
  });

  it('stops at the file cap and says so', async () => {
    const r = await scanProject({ name: 'p', path: repo }, { ...limits, maxFiles: 2 });
    expect(r.stats.filesRead).toBe(2);
    expect(r.stats.truncated).toBe(true);
    expect(r.stats.truncatedBy).toBe('maxFiles');
  });

  it('refuses a folder that is not a git work tree', async () => {
    await expect(scanProject({ name: 'p', path: os.tmpdir() + '/nope-' + process.pid }, limits)).rejects.toThrow(/not a git work tree/);
  });
});
