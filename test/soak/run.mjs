#!/usr/bin/env node
// `pnpm soak [minutes] [--rate <prompts/s>] [--keep]`: the whole suite under REAL PM2 (its own
// PM2_HOME in a temp dir) on a private tmux socket, 20 fake agents at a steady mixed load —
// prompts at `rate` per second (every PERMISSION_EVERY-th asks for a tool permission, answered by
// auto-confirm on the screen or through a hook), and a shell task every TASK_EVERY_MS. Every
// SAMPLE_MS it samples each daemon's resident memory and CPU from /proc. At the end it drains the
// queue and checks that nothing was lost or run twice: every prompt completed once
// (assignment_history) and submitted to an agent once (the agents' record files), every task done
// once (each task appends its marker to a file). Writes test/bench/results/soak-<time>.json.
// Exit code 1 when a check or a memory bar (≤ 100 MB, ≤ 5 MB growth after warm-up) failed.
// The PM2 daemon and the tmux server are killed at the end, also on Ctrl-C.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../support/bundleForNode.mjs';
import { autoConfirmLeading, sessionsUp } from '../bench/lib/sessionsFleet.mjs';
import { fleet } from './soakFleet.mjs';
import { pm2List, sampleLoop } from './soakSampler.mjs';
import { records, report, summarize, verify } from './soakReport.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'apps/cli/dist/main.js');
const PM2_BIN = path.join(REPO, 'node_modules/pm2/bin/pm2');
const SESSIONS = 20;
const PERMISSION_EVERY = 7;
const TASK_EVERY_MS = 3000;
const SAMPLE_MS = 5000;
const DRAIN_MS = 180_000;
const MEMORY_LIMIT_MB = 100;
const GROWTH_LIMIT_MB = 5;

const args = parseArgs(process.argv.slice(2));
const stopping = new AbortController();
let cleanup = () => {};
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    // First signal: stop the load and clean up in order; a second one: clean up now and leave.
    if (++signals === 1) {
      process.stderr.write(`soak: ${sig}, stopping…\n`);
      stopping.abort();
    } else {
      cleanup();
      process.exit(130);
    }
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`soak: ${err instanceof Error ? err.stack : String(err)}\n`);
    cleanup();
    process.exitCode = 1;
  },
);

async function main() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-soak-'));
  const pm2Home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-soak-pm2-'));
  const socket = `arch-soak-${process.pid}`;
  const port = await freePort();
  const env = {
    ...process.env,
    ARCHITECT_HOME: home,
    ARCHITECT_CONFIG: path.join(home, 'architect.config.json'),
    ARCHITECT_TMUX_SOCKET: socket,
    PORT: String(port),
    LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'warn',
    PM2_HOME: pm2Home,
    PM2_DISABLE_VERSION_CHECK: 'true',
  };
  let cleaned = false;
  cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    spawnSync(process.execPath, [PM2_BIN, 'kill'], { env, timeout: 30_000, stdio: 'ignore' });
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    // The fake agents run their SessionEnd hooks after SIGHUP and may still write for a moment.
    spawnSync('sleep', ['2']);
    if (args.keep) process.stderr.write(`soak: kept ${home}\n`);
    else removeDir(home);
    removeDir(pm2Home);
  };
  const started = Date.now();
  try {
    const lib = await import(await bundleForNode('test/soak/soakLib.ts', path.join(home, 'soakLib.mjs')));
    fs.mkdirSync(path.join(home, 'logs'), { recursive: true });
    const sessions = fleet(home);
    fs.writeFileSync(
      env.ARCHITECT_CONFIG,
      JSON.stringify(
        {
          sessions,
          sessionOptions: { staggerMs: 0, width: 120, height: 40 },
          assigner: { maxBusy: SESSIONS },
          autoConfirm: { allow: ['Bash(npm test)'] },
        },
        null,
        2,
      ),
    );
    execFileSync(process.execPath, [CLI, 'db', 'migrate'], { env });
    // As deployed: the suite first, so auto-confirm's hook receiver answers when `sessions up`
    // picks each Claude's hook transport (http for today's Claude, command hooks for 1.x).
    const pm2 = (...a) => spawnSync(process.execPath, [PM2_BIN, ...a], { env, encoding: 'utf8', timeout: 120_000 });
    const suite = pm2('start', path.join(REPO, 'ecosystem.config.cjs'));
    if (suite.status !== 0) throw new Error(`pm2 start failed: ${suite.stderr}`);
    await waitUntil('every daemon online', async () => {
      const list = await pm2List(env);
      return list.length > 0 && list.every((p) => p.status === 'online');
    }, 60_000, 1000);
    const autoConfirmPid = (await pm2List(env)).find((p) => p.name === 'auto-confirm')?.pid;
    await autoConfirmLeading(home, autoConfirmPid, 500, 60_000);
    const up = sessionsUp(env, sessions.filter((s) => s.env?.FAKE_CLAUDE_LAYOUT === '2.1').map((s) => s.name));
    await waitUntil('fake agents started', () => sessions.every((s) => records(home, s.name).some((e) => e.event === 'start')), 60_000);
    const db = lib.createDb({ path: path.join(home, 'data', 'architect.db') });
    await waitUntil('all sessions idle', () => db.sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE state = 'idle'").get().n === SESSIONS, 60_000, 500);
    process.stdout.write(`soak: ${SESSIONS} agents, ${args.minutes} min at ${args.rate} prompts/s, a task every ${TASK_EVERY_MS / 1000} s (home ${home})\n`);

    const loadStart = Date.now();
    const loadEnd = loadStart + args.minutes * 60_000;
    const sampler = sampleLoop(env, db, loadStart, SAMPLE_MS);
    const taskLog = path.join(home, 'tasks.log');
    const prompts = [];
    const tasks = [];
    let nextTask = loadStart;
    while (Date.now() < loadEnd && !stopping.signal.aborted) {
      const i = prompts.length;
      const marker = `soak-${i}-${Math.random().toString(36).slice(2, 8)}`;
      const content = i % PERMISSION_EVERY === PERMISSION_EVERY - 1 ? `needs-permission ${marker}` : `please handle ${marker}`;
      prompts.push({ marker, id: lib.enqueuePrompt(db, { content, source: 'soak' }, Date.now()) });
      if (Date.now() >= nextTask) {
        const tm = `task-${tasks.length}`;
        const [id] = lib.enqueueTasks(db, [{ type: 'shell', payload: { command: `echo ${tm} >> '${taskLog}'`, cwd: home }, maxAttempts: 3, timeoutSeconds: 60 }], Date.now());
        tasks.push({ marker: tm, id });
        nextTask += TASK_EVERY_MS;
      }
      await sleep(-Math.log(1 - Math.random()) * (1000 / args.rate), stopping.signal);
    }
    const loadMs = Date.now() - loadStart;
    process.stdout.write(`soak: load done (${prompts.length} prompts, ${tasks.length} tasks); draining…\n`);
    const promptIds = prompts.map((p) => p.id).filter((id) => id !== undefined);
    const unsettled = () =>
      db.sqlite.prepare(`SELECT count(*) AS n FROM prompts WHERE status NOT IN ('completed','failed','cancelled')`).get().n +
      db.sqlite.prepare(`SELECT count(*) AS n FROM tasks WHERE status NOT IN ('done','failed','cancelled')`).get().n;
    const drainDeadline = Date.now() + DRAIN_MS;
    while (unsettled() > 0 && Date.now() < drainDeadline && signals < 2) await sleep(500);
    const samples = await sampler.stop();
    const checks = verify({ db, home, sessions, prompts, tasks, taskLog, promptIds });
    const finalList = await pm2List(env);
    const restarts = Object.fromEntries(finalList.map((p) => [`${p.name}#${p.instance}`, p.restarts]));
    db.close();

    const memory = summarize(samples, Math.min(60_000, loadMs / 4), SAMPLE_MS);
    const failures = [
      ...checks.failures,
      ...Object.entries(restarts).filter(([, n]) => n > 0).map(([k, n]) => `${k} restarted ${n}×`),
      ...Object.entries(memory).flatMap(([k, m]) => [
        ...(m.maxMb > MEMORY_LIMIT_MB ? [`${k}: ${m.maxMb} MB resident > ${MEMORY_LIMIT_MB} MB`] : []),
        ...(m.growthMb > GROWTH_LIMIT_MB ? [`${k}: grew ${m.growthMb} MB after warm-up > ${GROWTH_LIMIT_MB} MB`] : []),
      ]),
    ];
    const doc = {
      name: 'soak',
      ran_at: new Date(started).toISOString(),
      interrupted: stopping.signal.aborted,
      minutes: args.minutes,
      load_ms: loadMs,
      rate_per_s: args.rate,
      sessions: SESSIONS,
      // Which hook transport each session got from `sessions up` (as deployed: http for today's Claude).
      hook_transports: Object.fromEntries(up.map((r) => [r.name, r.hookTransport ?? null])),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, node: process.version, loadavg: os.loadavg() },
      counts: checks.counts,
      restarts,
      memory,
      failures,
      samples,
    };
    const resultsDir = path.join(REPO, 'test/bench/results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const out = path.join(resultsDir, `soak-${new Date(started).toISOString().replace(/:/g, '-').slice(0, 16)}.json`);
    fs.writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
    report(doc, out);
    return failures.length ? 1 : 0;
  } finally {
    cleanup();
  }
}

function parseArgs(argv) {
  const out = { minutes: 10, rate: 1.5, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rate') out.rate = Number(argv[++i]);
    else if (a === '--keep') out.keep = true;
    else if (/^\d+(\.\d+)?$/.test(a)) out.minutes = Number(a);
    else usage(`unknown argument ${a}`);
  }
  if (!(out.minutes > 0) || !(out.rate > 0)) usage('minutes and rate must be positive numbers');
  return out;
}

function usage(msg) {
  process.stderr.write(`soak: ${msg}\nusage: pnpm soak [minutes=10] [--rate prompts/s=1.5] [--keep]\n`);
  process.exit(2);
}


function removeDir(dir) {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (err) {
    process.stderr.write(`soak: could not remove ${dir}: ${err.message}\n`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntil(what, check, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (stopping.signal.aborted) throw new Error(`interrupted while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Sleeps ms; an abort signal ends the sleep early. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
