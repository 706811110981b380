import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { milestonesSchema, silentLogger, systemClock } from '@architect/core';
import { getProjectByName, listMilestoneItems } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { MilestoneScanner } from './milestoneScanner';

let db: TempDb | undefined;
let scanner: MilestoneScanner | undefined;
afterEach(async () => {
  await scanner?.stop();
  db?.dispose();
});

it('scans every configured project when started, reports a broken one, and stops cleanly', async () => {
  db = tempDb();
  const repo = path.join(db.dir, 'repo');
  fs.mkdirSync(repo);
  execFileSync('git', ['-C', repo, 'init', '-q']);
  fs.writeFileSync(path.join(repo, 'main.go'), 'package main\n// FIXME(kim): leak\n');
  execFileSync('git', ['-C', repo, 'add', '.']);
  const log = silentLogger();
  scanner = new MilestoneScanner({
    db,
    log,
    clock: systemClock,
    dataDir: path.join(db.dir, 'data'),
    config: milestonesSchema.parse({ intervalMinutes: 60 }),
    projects: [
      { name: 'repo', path: repo },
      { name: 'gone', path: path.join(db.dir, 'missing') },
    ],
  });
  const outcomes = await scanner.scanAll();
  expect(outcomes.map((o) => [o.project, o.ok])).toEqual([
    ['repo', true],
    ['gone', false],
  ]);
  const items = listMilestoneItems(db, getProjectByName(db, 'repo')!.id);
  expect(items.map((i) => [i.tag, i.owner, i.text, i.line])).toEqual([['FIXME', 'kim', 'leak', 2]]);
  expect(fs.readdirSync(path.join(db.dir, 'data/milestones/repo')).sort()).toHaveLength(2);

  // As a service: the first scan runs at start, the next only after the interval.
  scanner.start();
  const deadline = Date.now() + 10_000;
  while (scanner.scans < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(scanner.scans).toBe(2);
  await scanner.stop();
});
