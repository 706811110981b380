// Dashboard quality bars (issue #13), each beside a baseline measured in the same run:
//  (a) server time p95 of the overview (/) and prompt queue (/prompts) pages with 100,000 prompts
//      and 1,000,000 interactions in the database (goal <= 100 ms); baseline: the same pages over
//      an empty database, served by a second dashboard process in this run;
//  (b) the dashboard's resident memory after those requests (goal <= 100 MB); baseline: the
//      empty-database dashboard's.
// Server time is read from the response's arrival at a keep-alive client on loopback, so it is
// an upper bound of the time spent in the server.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../support/bundleForNode.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DASHBOARD = path.join(REPO, 'apps/dashboard/dist/main.js');
const PASSWORD = 'bench password 12345';
// Run it as PM2 does: with the node arguments of its ecosystem entry.
const NODE_ARGS = (createRequire(import.meta.url)(path.join(REPO, 'ecosystem.config.cjs')).apps.find((a) => a.name === 'dashboard')?.node_args ?? '').split(' ').filter(Boolean);
const REQUESTS = 60;
const WARMUP = 5;

export default async function dashboardBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-dash-'));
  try {
    const lib = await import(await bundleForNode('test/bench/lib/dashboardBenchLib.ts', path.join(dir, 'lib.mjs')));
    const emptyHome = path.join(dir, 'empty');
    const fullHome = path.join(dir, 'full');
    for (const h of [emptyHome, fullHome]) fs.mkdirSync(path.join(h, 'data'), { recursive: true });
    lib.seed(path.join(emptyHome, 'data', 'architect.db'), path.join(REPO, 'migrations'), PASSWORD, { prompts: 0, interactions: 0, sessions: 0 });
    const t0 = Date.now();
    lib.seed(path.join(fullHome, 'data', 'architect.db'), path.join(REPO, 'migrations'), PASSWORD, { prompts: 100_000, interactions: 1_000_000, sessions: 20 });
    const seedMs = Date.now() - t0;
    const base = await measure(emptyHome);
    const full = await measure(fullHome);
    const metric = (name, value, baseline, unit, goal, pass) => ({ name, value, unit, baseline, ratio: baseline ? value / baseline : null, goal, pass });
    return [
      metric('overview page p95, 100k prompts + 1M interactions', full.pages['/'].p95, base.pages['/'].p95, 'ms', '<= 100 ms', full.pages['/'].p95 <= 100),
      metric('overview page p50', full.pages['/'].p50, base.pages['/'].p50, 'ms', 'info', null),
      metric('queue page p95, 100k prompts + 1M interactions', full.pages['/prompts'].p95, base.pages['/prompts'].p95, 'ms', '<= 100 ms', full.pages['/prompts'].p95 <= 100),
      metric('queue page p50', full.pages['/prompts'].p50, base.pages['/prompts'].p50, 'ms', 'info', null),
      metric('stats API p95', full.pages['/api/stats'].p95, base.pages['/api/stats'].p95, 'ms', 'info', null),
      metric('dashboard RSS after the requests', full.rssMb, base.rssMb, 'MB', '<= 100 MB', full.rssMb <= 100),
      metric('seeding the database', seedMs, null, 'ms', 'info', null),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(home) {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_ARGS, DASHBOARD], { env: { ...process.env, ARCHITECT_HOME: home, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  try {
    await waitUntil(() => request(port, 'GET', '/health').then((r) => r.status === 200).catch(() => false), 20_000, () => `dashboard did not start: ${err}`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const login = await request(port, 'GET', '/login', {}, undefined, agent);
    let cookie = login.cookie;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)[1];
    const r = await request(port, 'POST', '/login', { cookie, 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` }, JSON.stringify({ password: PASSWORD, _csrf: csrf }), agent);
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.body}`);
    cookie = r.cookie;
    const pages = {};
    for (const p of ['/', '/prompts', '/api/stats']) {
      const times = [];
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const start = process.hrtime.bigint();
        const res = await request(port, 'GET', p, { cookie, accept: 'text/html' }, undefined, agent);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
        if (i >= WARMUP) times.push(ms);
      }
      times.sort((a, b) => a - b);
      pages[p] = { p50: times[Math.floor(times.length * 0.5)], p95: times[Math.ceil(times.length * 0.95) - 1] };
    }
    agent.destroy();
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
    return { pages, rssMb };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

function request(port, method, urlPath, headers = {}, body, agent) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        const set = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('architect.sid='));
        resolve({ status: res.statusCode, body: text, cookie: set ? set.split(';')[0] : headers.cookie });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function waitUntil(check, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 100));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
