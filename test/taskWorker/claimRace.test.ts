import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { enqueueTasks, listTasks } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { bundleForNode } from '../support/bundleForNode.mjs';

let db: TempDb | undefined;
let loopScript: string;
const buildDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'architect-claimloop-'));

beforeAll(async () => {
  loopScript = await bundleForNode('test/taskWorker/fixtures/claimLoop.ts', path.join(buildDir, 'claimLoop.mjs'));
});
afterEach(() => db?.dispose());
afterAll(() => fs.rmSync(buildDir, { recursive: true, force: true }));

it('four processes claiming from 1,000 tasks: each attempt of each task is claimed by exactly one', async () => {
  db = tempDb();
  const N = 1000;
  enqueueTasks(
    db,
    Array.from({ length: N }, (_, i) => ({ type: 'shell' as const, payload: { command: `t${i}` }, maxAttempts: 2, timeoutSeconds: 60 })),
    Date.now(),
  );
  const barrier = fs.mkdtempSync(path.join(db.dir, 'barrier-'));
  const outs = [0, 1, 2, 3].map((i) => path.join(db!.dir, `claims-${i}.json`));
  const codes = await Promise.all(
    outs.map(
      (out, i) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [loopScript, db!.path, `claimer-${i}`, out, barrier, '4'], { stdio: 'inherit' });
          child.once('exit', (code) => resolve(code));
        }),
    ),
  );
  expect(codes).toEqual([0, 0, 0, 0]);

  const perProcess = outs.map((o) => JSON.parse(fs.readFileSync(o, 'utf8')) as [number, number][]);
  const all = perProcess.flat();
  const keys = all.map(([id, attempt]) => `${id}#${attempt}`);
  // Odd ids fail once and are claimed again: 1,500 claims, every (task, attempt) exactly once.
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.length).toBe(N + N / 2);
  // They really competed: every process won a share.
  for (const claims of perProcess) expect(claims.length).toBeGreaterThan(0);
  const tasks = listTasks(db, { limit: N });
  expect(tasks.every((t) => t.status === 'done')).toBe(true);
  expect(tasks.filter((t) => t.attempts === 2).length).toBe(N / 2);
});
