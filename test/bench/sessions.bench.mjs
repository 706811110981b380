// Session watching quality bars (SPEC §11), each beside a baseline measured in the same run:
//  (a) CPU of the session watcher (`architect sessions watch`, the same SessionWatcher the
//      assigner hosts) with 20 idle fake Claude Code sessions, over ~20 s: (user + system CPU of
//      the process and the tmux clients it spawned) / wall time. Goal <= 3% of one core. Baseline:
//      a naive poller capturing every pane every 250 ms (what the old system did), same sessions.
//  (b) screen change -> state in the database, p50 (goal <= 100 ms) and p99, with the watcher
//      running: the fake agent's record file gives the instant it redrew (prompt accepted → busy
//      spinner; turn over → idle composer), the row's state_at the instant the watcher wrote the
//      new state. Baseline: one bare `tmux capture-pane` round trip (the floor of any screen read).
//  (c) with 20 busy sessions (spinner every 100 ms): the watcher and auto-confirm together (goal
//      <= 10 % of a core) over 20 s, from 3 s after the agents went busy (both daemons running
//      since the start, as in the suite), and the watcher beside itself with tmuxControlMode off
//      (a process per tmux command) as the baseline. CPU includes each process's tmux clients,
//      live or reaped.
// Hooks are off here: this measures the screen path; hooks only make Claude sessions faster.
// Run with `pnpm bench` (test/bench/run.mjs) or standalone: `node test/bench/sessions.bench.mjs`
// (prints one JSON line per metric).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpuOver } from './lib/processCpu.mjs';
import { setup, run, waitAllIdle, captureBaseline, screenLatency, tmux, collectLines, percentile, alive, sleep, NAIVE_POLLER, autoConfirmLeading } from './lib/sessionsFleet.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'apps/cli/dist/main.js');
const AUTO_CONFIRM = path.join(REPO, 'apps/auto-confirm/dist/main.js');
const AC_NODE_ARGS = (createRequire(import.meta.url)(path.join(REPO, 'ecosystem.config.cjs')).apps.find((a) => a.name === 'auto-confirm')?.node_args ?? '')
  .split(' ')
  .filter(Boolean);
const SESSIONS = 20;
const CPU_WINDOW_MS = 20_000;
const BUSY_WINDOW_MS = 20_000;
const BUSY_SETTLE_MS = 3000;

export default async function sessionsBench() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-sess-'));
  const socket = `bench-sess-${process.pid}`;
  const env = { ...process.env, ARCHITECT_HOME: home, ARCHITECT_TMUX_SOCKET: socket, ARCHITECT_CONFIG: path.join(home, 'architect.config.json') };
  delete env.ARCHITECT_DB;
  const names = Array.from({ length: SESSIONS }, (_, i) => `bench${String(i + 1).padStart(2, '0')}`);
  let watcher;
  let autoConfirm;
  let pids = [];
  try {
    pids = setup(home, env, names);
    await waitAllIdle(env);
    const captureMs = await captureBaseline(socket, names[0]);

    watcher = spawn(process.execPath, [CLI, 'sessions', 'watch', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = collectLines(watcher.stdout);
    // Auto-confirm watches the same sessions (PM2's node flags): the busy bar is for both. It runs
    // from here on, as it would in the suite: its start-up (policy parser, modules, first looks)
    // is not the cost of busy agents.
    autoConfirm = spawn(process.execPath, [...AC_NODE_ARGS, ...(process.env.BENCH_AC_NODE_ARGS ?? '').split(' ').filter(Boolean), AUTO_CONFIRM], { env: { ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
    await Promise.all([sleep(3000), autoConfirmLeading(home, autoConfirm.pid)]); // first scan: pipes armed, every pane read once
    const watcherCpu = await cpuOver(watcher.pid, CPU_WINDOW_MS);
    const latency = await screenLatency(home, socket, names, env);
    for (const name of names) {
      tmux(socket, ['send-keys', '-l', '-t', `=${name}:`, '--', 'long task']);
      tmux(socket, ['send-keys', '-t', `=${name}:`, 'Enter']);
    }
    // Every agent busy, and both daemons past their first busy frames (the state changes, code
    // run for the first time): the steady cost of agents that work for minutes.
    await sleep(BUSY_SETTLE_MS);
    const [busyCpu, acBusyCpu] = await Promise.all([cpuOver(watcher.pid, BUSY_WINDOW_MS), cpuOver(autoConfirm.pid, BUSY_WINDOW_MS)]);
    autoConfirm.kill('SIGINT');
    await new Promise((r) => autoConfirm.once('exit', r));
    autoConfirm = undefined;
    watcher.kill('SIGINT');
    await new Promise((r) => watcher.once('exit', r));
    watcher = undefined;
    const stats = lines.find((l) => l.type === 'stats') ?? {};

    // Baseline for the busy window: the same watcher, the same busy sessions (their task runs
    // 60 s), with tmuxControlMode off, i.e. one tmux process per command.
    const spawnEnv = { ...env, ARCHITECT_CONFIG: path.join(home, 'architect.spawn.config.json') };
    const cfg = JSON.parse(fs.readFileSync(env.ARCHITECT_CONFIG, 'utf8'));
    fs.writeFileSync(spawnEnv.ARCHITECT_CONFIG, JSON.stringify({ ...cfg, sessionOptions: { ...cfg.sessionOptions, tmuxControlMode: false } }));
    watcher = spawn(process.execPath, [CLI, 'sessions', 'watch', '--json'], { env: spawnEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    await sleep(1500);
    const busySpawnCpu = await cpuOver(watcher.pid, BUSY_WINDOW_MS);
    watcher.kill('SIGINT');
    await new Promise((r) => watcher.once('exit', r));
    watcher = undefined;

    const naive = spawn(process.execPath, ['-e', NAIVE_POLLER, socket, ...names], { stdio: 'ignore' });
    await sleep(1500);
    const naiveCpu = await cpuOver(naive.pid, CPU_WINDOW_MS);
    naive.kill('SIGKILL');

    const all = [...latency.toBusy, ...latency.toIdle];
    const p = (xs, q) => percentile(xs, q);
    const p50 = p(all, 0.5);
    const p99 = p(all, 0.99);
    return [
      {
        name: 'watcher CPU, 20 idle sessions (% of one core, incl. tmux clients it spawns)',
        value: watcherCpu.percent,
        unit: '%',
        baseline: naiveCpu.percent,
        ratio: naiveCpu.percent > 0 ? watcherCpu.percent / naiveCpu.percent : null,
        goal: '<= 3 % (baseline: capture every pane every 250 ms)',
        pass: watcherCpu.percent <= 3,
      },
      {
        name: 'screen change -> state in DB, p50 (20 sessions, watcher running)',
        value: p50,
        unit: 'ms',
        baseline: captureMs.p50,
        ratio: p50 / captureMs.p50,
        goal: '<= 100 ms (baseline: one tmux capture-pane)',
        pass: p50 <= 100,
      },
      {
        name: 'screen change -> state in DB, p99',
        value: p99,
        unit: 'ms',
        baseline: captureMs.p99,
        ratio: p99 / captureMs.p99,
        goal: 'info',
        pass: null,
      },
      {
        name: 'watcher + auto-confirm CPU, 20 busy sessions (% of one core, their tmux clients included)',
        value: busyCpu.percent + acBusyCpu.percent,
        unit: '%',
        baseline: null,
        ratio: null,
        goal: `<= 10 (watcher ${busyCpu.percent.toFixed(1)} [node ${busyCpu.ownPercent.toFixed(1)}] + auto-confirm ${acBusyCpu.percent.toFixed(1)} [node ${acBusyCpu.ownPercent.toFixed(1)}]; the rest is each one's tmux control client)`,
        pass: busyCpu.percent + acBusyCpu.percent <= 10,
      },
      {
        name: 'watcher CPU, 20 busy sessions, tmux control client vs a process per command (% of one core)',
        value: busyCpu.percent,
        unit: '%',
        baseline: busySpawnCpu.percent,
        ratio: busySpawnCpu.percent > 0 ? busyCpu.percent / busySpawnCpu.percent : null,
        goal: 'info (baseline: the same watcher with tmuxControlMode off)',
        pass: null,
      },
      {
        name: 'watcher CPU, 20 busy sessions, spinner redrawn every 100 ms (% of one core)',
        value: busyCpu.percent,
        unit: '%',
        baseline: naiveCpu.percent,
        ratio: naiveCpu.percent > 0 ? busyCpu.percent / naiveCpu.percent : null,
        goal: 'info (busy sessions are read at most every busyCaptureIntervalMs)',
        pass: null,
      },
      { name: 'idle -> busy on screen -> DB, p50', value: p(latency.toBusy, 0.5), unit: 'ms', baseline: null, ratio: null, goal: 'info', pass: null },
      { name: 'busy -> idle on screen -> DB, p50', value: p(latency.toIdle, 0.5), unit: 'ms', baseline: null, ratio: null, goal: 'info', pass: null },
      { name: 'latency samples', value: all.length, unit: 'n', baseline: null, ratio: null, goal: 'info', pass: null },
      {
        name: 'watcher work during the idle window + latency phase (captures / state writes / activity writes)',
        value: stats.captures ?? -1,
        unit: 'captures',
        baseline: null,
        ratio: null,
        goal: `info: ${stats.stateWrites ?? '?'} state writes, ${stats.activityWrites ?? '?'} activity writes, ${stats.unchangedCaptures ?? '?'} unchanged`,
        pass: null,
      },
    ];
  } finally {
    watcher?.kill('SIGKILL');
    autoConfirm?.kill('SIGKILL');
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    for (let i = 0; i < 100 && pids.some(alive); i++) await sleep(100);
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(home, { recursive: true, force: true });
  }
}

// Standalone: `node test/bench/sessions.bench.mjs` prints one JSON line per metric.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const metrics = await sessionsBench();
  for (const m of metrics) process.stdout.write(`${JSON.stringify(m)}\n`);
}
