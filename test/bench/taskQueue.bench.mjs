// Task queue quality bars (SPEC §11), each beside a baseline measured in the same run:
//  (a) claim + complete of no-op tasks through the real query code vs raw prepared SQLite
//      compare-and-swap updates doing the same two transitions per task (goal >= 75%);
//  (b) trivial shell tasks per second through a real task-worker process vs raw sequential
//      spawns of the same shell from Node (goal >= 50%);
//  (c) resident memory of that task-worker after the run (goal <= 100 MB).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../support/bundleForNode.mjs';
import { bareNodeRssMb, residentMb } from './lib/processMemory.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS = path.join(REPO, 'migrations');
const WORKER = path.join(REPO, 'apps/task-worker/dist/main.js');
const CAS_TASKS = 30_000;
const CHUNK = 500;
const ROUNDS = 3;
const SHELL_TASKS = 300;

export default async function taskQueueBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-tq-'));
  try {
    const lib = await import(await bundleForNode('test/bench/lib/taskQueueLib.ts', path.join(dir, 'lib.mjs')));
    const cas = claimCompleteVsRawCas(lib, dir);
    const shell = await shellTasksVsSpawns(lib, dir);
    return [...cas, ...shell];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------- (a)

function claimCompleteVsRawCas(lib, dir) {
  const result = { exitCode: 0, signal: null, outputHead: '', outputTail: '', outputBytes: 0, durationMs: 0 };
  const rawDb = freshQueue(lib, path.join(dir, 'raw.db'), CAS_TASKS);
  const singleDb = freshQueue(lib, path.join(dir, 'single.db'), CAS_TASKS);
  const oursDb = freshQueue(lib, path.join(dir, 'ours.db'), CAS_TASKS);

  // Raw: the same two transitions of a task as bare prepared CAS updates by id. `.all()` steps each
  // statement to its end, as any complete write does: SQLite runs the WAL auto-checkpoint only
  // when a statement reaches SQLITE_DONE, so a `.get()` on UPDATE … RETURNING (one step, then
  // reset) never checkpoints — the WAL grows without bound and the loop looks twice as fast.
  const rawClaim = rawDb.sqlite.prepare(
    `UPDATE tasks SET status = 'running', worker_id = ?, lease_expires_at = ?, attempts = attempts + 1, started_at = ?
     WHERE id = ? AND status = 'pending' RETURNING id`,
  );
  const rawComplete = rawDb.sqlite.prepare(
    `UPDATE tasks SET status = 'done', exit_code = 0, finished_at = ? WHERE id = ? AND status = 'running' RETURNING id`,
  );
  let rawId = 0;
  const raw = () => {
    const id = ++rawId;
    const now = Date.now();
    if (rawClaim.all('raw', now + 30_000, now, id).length !== 1) throw new Error('raw claim missed');
    if (rawComplete.all(Date.now(), id).length !== 1) throw new Error('raw complete missed');
  };
  // One CAS update per op, for reference with SPEC's "≈ 15–20k/s".
  const singleCas = singleDb.sqlite.prepare(`UPDATE tasks SET status = 'running', started_at = ? WHERE id = ? AND status = 'pending' RETURNING id`);
  let singleId = 0;
  const single = () => {
    if (singleCas.all(Date.now(), ++singleId).length !== 1) throw new Error('cas missed');
  };
  // Ours: the real claim (next task by priority, with a lease) and the fenced complete.
  const ours = () => {
    const task = lib.claimTask(oursDb, 'bench', 30_000, Date.now());
    if (!task || !lib.completeTask(oursDb, task, result, Date.now())) throw new Error('claim/complete missed');
  };

  // Small alternating chunks (order swapped each time), so changes in machine load and WAL
  // checkpoints fall on all three alike.
  const elapsed = { raw: 0n, single: 0n, ours: 0n };
  const fns = { raw, single, ours };
  for (let chunk = 0; chunk < CAS_TASKS / CHUNK; chunk++) {
    const order = chunk % 2 ? ['ours', 'raw', 'single'] : ['raw', 'single', 'ours'];
    for (const k of order) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < CHUNK; i++) fns[k]();
      elapsed[k] += process.hrtime.bigint() - t0;
    }
  }
  for (const db of [rawDb, singleDb, oursDb]) db.close();
  const perSecond = (ns) => CAS_TASKS / (Number(ns) / 1e9);
  const value = perSecond(elapsed.ours);
  const baseline = perSecond(elapsed.raw);
  return [
    metric('claim+complete no-op tasks', value, 'tasks/s', baseline, '>= 0.75 x raw CAS (claim CAS + complete CAS per task)', value / baseline >= 0.75),
    { name: 'raw single CAS update (reference)', value: perSecond(elapsed.single), unit: 'ops/s', baseline: null, ratio: null, goal: 'info', pass: null },
  ];
}

function freshQueue(lib, file, n) {
  const db = lib.createDb({ path: file });
  lib.migrate(db, MIGRATIONS);
  const tasks = Array.from({ length: n }, () => ({ type: 'shell', payload: { command: 'true' }, maxAttempts: 3, timeoutSeconds: 60 }));
  lib.enqueueTasks(db, tasks, 0);
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return db;
}

// ---------------------------------------------------------------------------------- (b), (c)

async function shellTasksVsSpawns(lib, dir) {
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, 'architect.config.json'), JSON.stringify({ taskWorker: { pollMs: 1000 } }));
  const dbPath = path.join(home, 'architect.db');
  const db = lib.createDb({ path: dbPath });
  lib.migrate(db, MIGRATIONS);
  const worker = spawn(process.execPath, [WORKER], {
    env: { ...process.env, ARCHITECT_HOME: home, ARCHITECT_DB: dbPath, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  const count = db.sqlite.prepare("SELECT count(*) AS n, max(finished_at) AS last FROM tasks WHERE status IN ('done', 'failed')");
  try {
    await until(() => lib.listWorkers(db, Date.now()).some((w) => w.pid === worker.pid && w.status === 'running'), 10_000);
    // Rounds alternate baseline and worker so a change in machine load hits both alike.
    const spawns = [];
    const throughWorker = [];
    const bash = [];
    for (let round = 0; round < ROUNDS; round++) {
      spawns.push(await spawnRate('/bin/sh', SHELL_TASKS));
      bash.push(await spawnRate('bash', SHELL_TASKS));
      const before = count.get().n;
      const tasks = Array.from({ length: SHELL_TASKS }, () => ({ type: 'shell', payload: { command: 'true', cwd: home }, maxAttempts: 1, timeoutSeconds: 60 }));
      const t0 = Date.now();
      lib.enqueueTasks(db, tasks, t0);
      await until(() => count.get().n === before + SHELL_TASKS, 120_000, 50);
      throughWorker.push(SHELL_TASKS / ((count.get().last - t0) / 1000));
    }
    const failed = db.sqlite.prepare("SELECT count(*) AS n FROM tasks WHERE status <> 'done'").get().n;
    if (failed) throw new Error(`${failed} trivial tasks did not succeed`);
    const value = median(throughWorker);
    const baseline = median(spawns);
    const rssMb = residentMb(worker.pid);
    const bareMb = await bareNodeRssMb();
    return [
      metric('trivial shell tasks through a task-worker', value, 'tasks/s', baseline, '>= 0.5 x raw `/bin/sh -c true` spawns', value / baseline >= 0.5),
      { name: 'raw `bash -c true` spawns (reference)', value: median(bash), unit: 'spawns/s', baseline: null, ratio: null, goal: 'info', pass: null },
      metric(`task-worker RSS after ${ROUNDS * SHELL_TASKS} tasks`, rssMb, 'MB', bareMb, '<= 100 MB (baseline: an idle bare node process)', rssMb <= 100),
    ];
  } finally {
    worker.kill('SIGINT');
    await exited;
    db.close();
  }
}

/** Sequential spawns of `<shell> -c true` with piped output, as the worker does. */
async function spawnRate(shell, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    await new Promise((resolve, reject) => {
      const child = spawn(shell, ['-c', 'true'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.once('error', reject);
      child.once('close', resolve);
    });
  }
  return rate(n, t0);
}


// ------------------------------------------------------------------------------------ helpers

function metric(name, value, unit, baseline, goal, pass) {
  return { name, value, unit, baseline, ratio: baseline ? value / baseline : null, goal, pass };
}

function rate(n, t0) {
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function until(check, timeoutMs, intervalMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
