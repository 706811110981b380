// The fleet and helpers of sessions.bench.mjs: 20 fake Claude sessions started through the CLI,
// the screen-latency waves, the naive poller baseline, and small waits.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecord } from './records.mjs';

export { readRecord };

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(REPO, 'apps/cli/dist/main.js');
const CLAUDE = path.join(REPO, 'test/fake-agents/claude.mjs');
const Database = createRequire(path.join(REPO, 'package.json'))('better-sqlite3');
const WAVES = 8;
const WAVE_SIZE = 5;

/** Config with 20 fake Claude sessions, migrated database, sessions started without hooks. */
export function setup(home, env, names) {
  const work = path.join(home, 'work');
  fs.mkdirSync(work);
  const script = path.join(home, 'script.json');
  fs.writeFileSync(script, JSON.stringify({ default: { workMs: 600, reply: 'done {n}' }, rules: [{ match: 'long task', workMs: 60_000, reply: 'x' }] }));
  const sessions = names.map((name) => ({
    name,
    provider: 'claude',
    cwd: work,
    hooks: false,
    // The real spinner animates about ten times a second.
    command: ['node', CLAUDE, '--script', script, '--record', path.join(home, `${name}.jsonl`), '--animate-spinner', '--tick-ms', '100'],
  }));
  fs.writeFileSync(env.ARCHITECT_CONFIG, JSON.stringify({ sessions, sessionOptions: { staggerMs: 0, width: 120, height: 40, ...JSON.parse(process.env.SESSIONS_BENCH_SESSION_OPTIONS ?? '{}') } }));
  run(['db', 'migrate'], env);
  const up = JSON.parse(run(['sessions', 'up', '--no-hooks', '--json'], env));
  return up.map((r) => r.panePid).filter(Boolean);
}

export function run(args, env) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`architect ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/**
 * `architect sessions up --json`, its rows returned; throws unless every session named in
 * `httpWanted` got http hooks, with the reason each one did not.
 */
export function sessionsUp(env, httpWanted = []) {
  const up = JSON.parse(run(['sessions', 'up', '--json'], env));
  const missing = up.filter((r) => httpWanted.includes(r.name) && r.hookTransport !== 'http');
  if (missing.length) throw new Error(`no http hooks although the receiver runs: ${missing.map((r) => `${r.name} (${r.hookTransportReason})`).join(', ')}`);
  return up;
}

export async function waitAllIdle(env) {
  for (let i = 0; i < 100; i++) {
    const scan = JSON.parse(run(['sessions', 'scan', '--json'], env));
    if (scan.managed.every((m) => m.state === 'idle')) return;
    await sleep(200);
  }
  throw new Error('sessions never became idle');
}

export async function captureBaseline(socket, name) {
  const times = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    await new Promise((res, rej) => execFile('tmux', ['-L', socket, 'capture-pane', '-p', '-t', `=${name}:`], (e) => (e ? rej(e) : res())));
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/**
 * Waves of prompts into 5 sessions at once. For each: the fake's `prompt` record (it drew the
 * busy spinner) → state_at of the row turning busy; its `turn-end` record (it drew the idle
 * composer) → state_at of the row turning idle.
 */
export async function screenLatency(home, socket, names, env) {
  const db = new Database(path.join(home, 'data', 'architect.db'), { readonly: true });
  const stateOf = db.prepare('SELECT state, state_at FROM sessions WHERE name = ?');
  const toBusy = [];
  const toIdle = [];
  try {
    for (let wave = 0; wave < WAVES; wave++) {
      const batch = names.slice((wave * WAVE_SIZE) % names.length, ((wave * WAVE_SIZE) % names.length) + WAVE_SIZE);
      await Promise.all(
        batch.map(async (name) => {
          const record = path.join(home, `${name}.jsonl`);
          const seen = readRecord(record).length;
          tmux(socket, ['send-keys', '-l', '-t', `=${name}:`, '--', `wave ${wave}`]);
          tmux(socket, ['send-keys', '-t', `=${name}:`, 'Enter']);
          const prompt = await until(() => readRecord(record).slice(seen).find((e) => e.event === 'prompt'), 10_000);
          const busy = await until(() => {
            const r = stateOf.get(name);
            return r.state === 'busy' && r.state_at >= prompt.t - 5 ? r : undefined;
          }, 10_000);
          toBusy.push(busy.state_at - prompt.t);
          const end = await until(() => readRecord(record).slice(seen).find((e) => e.event === 'turn-end'), 10_000);
          const idle = await until(() => {
            const r = stateOf.get(name);
            return r.state === 'idle' && r.state_at >= end.t - 5 ? r : undefined;
          }, 10_000);
          toIdle.push(idle.state_at - end.t);
        }),
      );
      await sleep(300);
    }
  } finally {
    db.close();
  }
  return { toBusy, toIdle };
}

export function tmux(socket, args) {
  const r = spawnSync('tmux', ['-L', socket, ...args]);
  if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
}

export function collectLines(stream) {
  const lines = [];
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        lines.push(JSON.parse(line));
      } catch {
        // not ours
      }
    }
  });
  return lines;
}

export async function until(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(3);
  }
}

export function percentile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** The old system's way: capture every pane every 250 ms (sequentially), hash it, compare. */
export const NAIVE_POLLER = `
const { execFile } = require('node:child_process');
const crypto = require('node:crypto');
const [socket, ...names] = process.argv.slice(1);
const last = new Map();
const cap = (n) => new Promise((r) => execFile('tmux', ['-L', socket, 'capture-pane', '-p', '-t', '=' + n + ':'], (e, out) => r(out || '')));
(async function loop() {
  for (;;) {
    const t = Date.now();
    for (const n of names) last.set(n, crypto.createHash('sha1').update(await cap(n)).digest('hex'));
    await new Promise((r) => setTimeout(r, Math.max(0, 250 - (Date.now() - t))));
  }
})();
`;

/** Until the auto-confirm process `pid` holds its lease (it then watches every session), then `settleMs` more. */
export async function autoConfirmLeading(home, pid, settleMs = 1000, timeoutMs = 30_000) {
  const db = new Database(path.join(home, 'data', 'architect.db'), { readonly: true });
  try {
    const lease = db.prepare("SELECT json_extract(value, '$.holder') AS holder FROM settings WHERE key = 'autoConfirm.lease'");
    const deadline = Date.now() + timeoutMs;
    while (!String(lease.get()?.holder ?? '').includes(`:${pid}:`)) {
      if (Date.now() > deadline) throw new Error('auto-confirm did not take its lease');
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    db.close();
  }
  await new Promise((r) => setTimeout(r, settleMs));
}
