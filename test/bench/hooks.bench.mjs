// Hook round trips without a process start (issue 10.1), each beside a baseline from the same run:
//  (a) an http hook event (Stop: recorded in hook_events, the watcher poked) POSTed to the
//      auto-confirm daemon's receiver, as Claude Code's http hook does: request → response, p50
//      (goal <= 10 ms);
//  (b) a PermissionRequest over http: request → the decision JSON back, p50 (goal <= 20 ms);
//  baseline: the same POST to a trivial Node http server in its own process (reads the body,
//  answers {}), and for context `architect hook` (the command hook, a Node process per event).
// Each request opens its own connection, as a fresh client would (no keep-alive advantage), and
// requests are PACE_MS apart, as one agent's events are: the daemon's follow-up work on an event
// (the poke that makes the watchers look, which spawns tmux) is not charged to the next request.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = snapshot('apps/cli');
const DAEMON = snapshot('apps/auto-confirm');
const NODE_ARGS = (createRequire(import.meta.url)(path.join(REPO, 'ecosystem.config.cjs')).apps.find((a) => a.name === 'auto-confirm')?.node_args ?? '')
  .split(' ')
  .filter(Boolean);
const RUNS = Number(process.env.BENCH_HOOK_RUNS ?? 200);
const COMMAND_RUNS = Number(process.env.BENCH_HOOK_COMMAND_RUNS ?? 10);
const PACE_MS = Number(process.env.BENCH_HOOK_PACE_MS ?? 50);
const pause = () => new Promise((r) => setTimeout(r, PACE_MS));

function snapshot(app) {
  const dir = path.join(REPO, app, '.bench', `hooks-${process.pid}`);
  fs.cpSync(path.join(REPO, app, 'dist'), dir, { recursive: true });
  return path.join(dir, 'main.js');
}

export default async function hooksBench() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-hooks-'));
  const env = { ...process.env, ARCHITECT_HOME: home, ARCHITECT_TMUX_SOCKET: `bench-hooks-${process.pid}`, LOG_LEVEL: 'warn' };
  const cwd = path.join(home, 'work', 'b1');
  fs.mkdirSync(cwd, { recursive: true });
  fs.writeFileSync(
    path.join(home, 'architect.config.json'),
    JSON.stringify({ sessions: [{ name: 'b1', provider: 'claude', cwd }], autoConfirm: { allow: ['Bash(npm test)'], maxPerMinute: 100_000 } }),
  );
  for (const args of [['db', 'migrate'], ['sessions', 'list', '--json']]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`architect ${args.join(' ')} failed: ${r.stderr}`);
  }
  // The session exists in tmux, as it would: the daemon's look after each event (the screen
  // path) captures a real pane instead of failing and retrying.
  const tmux = (...args) => spawnSync('tmux', ['-L', env.ARCHITECT_TMUX_SOCKET, ...args], { encoding: 'utf8' });
  let daemon;
  let trivial;
  try {
    const made = tmux('new-session', '-d', '-s', 'b1', '-x', '120', '-y', '40', '-c', cwd, 'sleep 3600');
    if (made.status !== 0) throw new Error(`tmux new-session failed: ${made.stderr}`);
    trivial = spawn(process.execPath, ['-e', TRIVIAL_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    const trivialPort = Number(await firstLine(trivial.stdout));
    daemon = spawn(process.execPath, [...NODE_ARGS, DAEMON], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    const endpoint = await waitForEndpoint(path.join(home, 'data', 'run', 'hook-http.json'));
    const token = crypto.createHmac('sha256', Buffer.from(endpoint.key, 'hex')).update('architect-hook:b1').digest('hex');
    const url = `http://127.0.0.1:${endpoint.port}/hook/b1`;
    const headers = { authorization: `Bearer ${token}` };
    const base = { session_id: 'bench', transcript_path: path.join(home, 't.jsonl'), cwd, permission_mode: 'default' };
    const stop = (i) => JSON.stringify({ ...base, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: `turn ${i} done` });
    const permission = (i) => JSON.stringify({ ...base, hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'npm test', description: `run ${i}` }, permission_suggestions: [] });

    // Warm-up: first requests pay for lazy compilation on both sides.
    for (let i = 0; i < 20; i++) {
      await post(`http://127.0.0.1:${trivialPort}/`, stop(i), {});
      await post(url, stop(i), headers);
    }
    const baseline = [];
    const stops = [];
    const perms = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push((await post(`http://127.0.0.1:${trivialPort}/`, stop(i), {})).ms);
      await pause();
      const s = await post(url, stop(i), headers);
      await pause();
      if (s.status !== 200) throw new Error(`Stop answered ${s.status}`);
      stops.push(s.ms);
      const p = await post(url, permission(i), headers);
      if (p.status !== 200 || JSON.parse(p.body || '{}').hookSpecificOutput?.decision?.behavior !== 'allow') throw new Error(`PermissionRequest answered ${p.status} ${p.body}`);
      perms.push(p.ms);
      await pause();
    }
    const commandHook = [];
    for (let i = 0; i < COMMAND_RUNS; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [CLI, 'hook'], { env: { ...env, ARCHITECT_SESSION: 'b1' }, input: stop(i), encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`architect hook failed: ${r.stderr}`);
      commandHook.push(performance.now() - t0);
    }
    const b50 = pct(baseline, 50);
    const metric = (name, values, p, goalMs) => {
      const value = pct(values, p);
      return { name, value, unit: 'ms', baseline: b50, ratio: value / b50, goal: goalMs ? `<= ${goalMs} ms` : 'info', pass: goalMs ? value <= goalMs : null };
    };
    return [
      metric('http hook round trip (Stop recorded) p50', stops, 50, 10),
      metric('http hook round trip (Stop recorded) p99', stops, 99),
      metric('PermissionRequest decision returned over http p50', perms, 50, 20),
      metric('PermissionRequest decision returned over http p99', perms, 99),
      { name: 'bare http POST to a trivial node server p50 (baseline)', value: b50, unit: 'ms', baseline: null, ratio: null, goal: 'info', pass: null },
      metric(`command hook \`architect hook\` (Stop, process start) p50 of ${COMMAND_RUNS}`, commandHook, 50),
    ];
  } finally {
    daemon?.kill('SIGINT');
    trivial?.kill('SIGKILL');
    tmux('kill-server');
    if (daemon) await new Promise((r) => (daemon.exitCode !== null ? r() : daemon.once('exit', r)));
    fs.rmSync(home, { recursive: true, force: true });
    for (const app of ['apps/cli', 'apps/auto-confirm']) fs.rmSync(path.join(REPO, app, '.bench', `hooks-${process.pid}`), { recursive: true, force: true });
  }
}

const TRIVIAL_SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }); res.end('{}'); }); });
s.listen(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n'));
`;

function post(url, body, headers) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, body: text, ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitForEndpoint(file) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const ep = JSON.parse(fs.readFileSync(file, 'utf8'));
      // Listening once the lease is taken: a connect succeeds.
      await post(`http://127.0.0.1:${ep.port}/`, '{}', {});
      return ep;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('the hook receiver never listened');
}

function firstLine(stream) {
  return new Promise((resolve, reject) => {
    let buf = '';
    stream.setEncoding('utf8').on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]);
    });
    stream.once('end', () => reject(new Error('no port from the trivial server')));
  });
}

function pct(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
