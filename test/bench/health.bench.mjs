// Health daemon quality bars, each beside a baseline measured in the same run:
//  (a) one health cycle (every check: 20 sessions, 4 workers, tmux with 20 sessions, disk, sizes,
//      quick_check, an HTTP check, PM2 unreachable) through the real HealthMonitor, vs the bare
//      primitives it cannot avoid done once each in a row (quick_check, one `tmux list-sessions`,
//      one HTTP request, one statfs) — the ratio is the overhead of everything else;
//  (b) the built health daemon's resident memory after 100+ cycles at 200 ms (goal <= 100 MB),
//      beside an idle bare node process.
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../support/bundleForNode.mjs';
import { bareNodeRssMb, residentMb } from './lib/processMemory.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DAEMON = path.join(REPO, 'apps/health/dist/main.js');
const CYCLES = 30;
const SESSIONS = 20;

export default async function healthBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-health-'));
  const socket = `arch-bench-health-${process.pid}`;
  const server = http.createServer((_req, res) => res.writeHead(200).end('ok'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/health`;
  try {
    for (let i = 0; i < SESSIONS; i++) {
      spawnSync('tmux', ['-L', socket, 'new-session', '-d', '-s', `s${i}`, 'sleep', '600'], { timeout: 10_000 });
    }
    const lib = await import(await bundleForNode('test/bench/lib/healthBenchLib.ts', path.join(dir, 'lib.mjs')));
    const dbPath = path.join(dir, 'data', 'architect.db');
    const db = lib.createDb({ path: dbPath });
    lib.migrate(db, path.join(REPO, 'migrations'));
    seed(lib, db);
    const cycle = await cycleVsPrimitives(lib, db, dbPath, socket, url, dir);
    db.close();
    const memory = await daemonRss(dir, dbPath, socket, url);
    return [...cycle, ...memory];
  } finally {
    server.close();
    spawnSync('tmux', ['-L', socket, 'kill-server'], { timeout: 10_000 });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function seed(lib, db) {
  const now = Date.now();
  lib.syncConfiguredSessions(
    db,
    Array.from({ length: SESSIONS }, (_, i) => ({ name: `s${i}`, provider: 'claude', role: 'worker', specialties: [], cwd: os.tmpdir() })),
    now,
  );
  for (let i = 0; i < 4; i++) {
    lib.registerWorker(db, { name: 'task-worker', instance: i, pid: process.pid, host: os.hostname(), version: 'b', heartbeatMs: 5000 }, now);
  }
  // Some history so quick_check has pages to read (~10 MB).
  const ins = db.sqlite.prepare("INSERT INTO interactions (session_name, kind, details) VALUES ('s0', 'key', ?)");
  const pad = 'x'.repeat(400);
  db.sqlite.transaction(() => {
    for (let i = 0; i < 20_000; i++) ins.run(JSON.stringify({ i, pad }));
  })();
  // The daemons checkpoint as they go (a passive checkpoint per heartbeat): start from a small WAL.
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

function config(lib, url, extra = {}) {
  return lib.healthSchema.parse({ quickCheckEveryMs: 0, http: [{ name: 'local', url, intervalMs: 100 }], ...extra });
}

async function cycleVsPrimitives(lib, db, dbPath, socket, url, dir) {
  const monitor = new lib.HealthMonitor({
    db,
    log: lib.silentLogger(),
    config: config(lib, url),
    dbPath,
    tmux: new lib.TmuxDriver({ socket }),
    sessionsConfigured: SESSIONS,
    pm2: new lib.Pm2RpcReader(path.join(dir, 'no-pm2')),
  });
  await monitor.runCycle(); // warm-up: module loads, statement cache
  const ours = [];
  const bare = [];
  // Alternate so a change in machine load hits both alike.
  for (let i = 0; i < CYCLES; i++) {
    await new Promise((r) => setTimeout(r, 110)); // let the HTTP check fall due each cycle
    const t0 = performance.now();
    const report = await monitor.runCycle();
    ours.push(performance.now() - t0);
    if (report.samples < SESSIONS + 10) throw new Error(`only ${report.samples} samples in a cycle`);
    const t1 = performance.now();
    db.sqlite.pragma('quick_check');
    await new Promise((res, rej) => execFile('tmux', ['-L', socket, 'list-sessions'], (e) => (e ? rej(e) : res())));
    const r = await fetch(url);
    await r.text();
    await fs.promises.statfs(path.dirname(dbPath));
    bare.push(performance.now() - t1);
  }
  const value = median(ours);
  const baseline = median(bare);
  return [
    metric(`one health cycle (${SESSIONS} sessions, 4 workers, quick_check, tmux, HTTP)`, value, 'ms', baseline, '<= 500 ms (baseline: the bare quick_check + tmux + HTTP + statfs in a row)', value <= 500),
    { name: 'health cycle p90', value: percentile(ours, 0.9), unit: 'ms', baseline: percentile(bare, 0.9), ratio: null, goal: 'info', pass: null },
  ];
}

async function daemonRss(dir, dbPath, socket, url) {
  const home = path.join(dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(
    path.join(home, 'architect.config.json'),
    JSON.stringify({ health: { intervalMs: 200, quickCheckEveryMs: 0, http: [{ name: 'local', url, intervalMs: 200 }] } }),
  );
  const child = spawn(process.execPath, [DAEMON], {
    env: { ...process.env, ARCHITECT_HOME: home, ARCHITECT_DB: dbPath, ARCHITECT_TMUX_SOCKET: socket, PM2_HOME: path.join(dir, 'no-pm2'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    await new Promise((r) => setTimeout(r, 25_000));
    if (child.exitCode !== null) throw new Error(`health daemon exited with ${child.exitCode}`);
    const rssMb = residentMb(child.pid);
    const bareMb = await bareNodeRssMb();
    return [metric('health daemon RSS after ~100 cycles at 200 ms', rssMb, 'MB', bareMb, '<= 100 MB (baseline: an idle bare node process)', rssMb <= 100)];
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}


function metric(name, value, unit, baseline, goal, pass) {
  return { name, value, unit, baseline, ratio: baseline ? value / baseline : null, goal, pass };
}

function median(xs) {
  return percentile(xs, 0.5);
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}
