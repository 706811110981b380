// `architect terminal` while idle (issue #16): CPU of the UI process (user + system, its tmux
// capture clients included) over ~20 s with 20 idle fake Claude Code sessions, the UI at 120x40
// in a pane of its own private tmux server, one screen selected. Goal <= 2% of one core.
// The database is not silent meanwhile: a daemon heartbeat is written every second (what a few
// PM2 daemons do), so the UI's change signal fires and it re-reads the fleet each time.
// Baseline, same sessions, same run: a naive poller doing the UI's reads every 250 ms (the
// status counts, the session list, the queue and a capture-pane of one screen), i.e. a UI that
// is "live" by fast polling instead of the database's change signal.
// Run with `pnpm bench` (test/bench/run.mjs) or standalone: `node test/bench/terminal.bench.mjs`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpuOver } from './lib/processCpu.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'apps/cli/dist/main.js');
const CLAUDE = path.join(REPO, 'test/fake-agents/claude.mjs');
const Database = createRequire(path.join(REPO, 'package.json'))('better-sqlite3');
const SESSIONS = 20;
const WINDOW_MS = 20_000;

export default async function terminalBench() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-term-'));
  const agents = `bench-term-${process.pid}`;
  const uiSocket = `bench-termui-${process.pid}`;
  const env = { ...process.env, ARCHITECT_HOME: home, ARCHITECT_TMUX_SOCKET: agents, ARCHITECT_CONFIG: path.join(home, 'architect.config.json') };
  delete env.ARCHITECT_DB;
  delete env.TMUX;
  const names = Array.from({ length: SESSIONS }, (_, i) => `bench${String(i + 1).padStart(2, '0')}`);
  const db = () => new Database(path.join(home, 'data', 'architect.db'));
  let heartbeat;
  let conn;
  try {
    setup(home, env, names);
    conn = db();
    conn.prepare("INSERT INTO workers (id, name, instance, pid, host, version, started_at, heartbeat_at, heartbeat_ms, status) VALUES ('bench:0', 'bench', 0, ?, 'localhost', 'bench', ?, ?, 5000, 'running')").run(process.pid, Date.now(), Date.now());
    const beat = conn.prepare("UPDATE workers SET heartbeat_at = ? WHERE name = 'bench'");
    heartbeat = setInterval(() => beat.run(Date.now()), 1000);

    tmux(uiSocket, ['new-session', '-d', '-s', 'ui', '-x', '120', '-y', '40', '-e', `ARCHITECT_HOME=${home}`, '-e', `ARCHITECT_TMUX_SOCKET=${agents}`, '-e', `ARCHITECT_CONFIG=${env.ARCHITECT_CONFIG}`, process.execPath, CLI, 'terminal']);
    const uiPid = Number(tmux(uiSocket, ['display-message', '-p', '-t', 'ui', '#{pane_pid}']).trim());
    await waitFor(() => /^1 Sessions \(20\)/m.test(tmux(uiSocket, ['capture-pane', '-p', '-t', 'ui'])), 30_000, 'the UI to draw 20 sessions');
    await sleep(3000); // start-up work (module load, first screen capture) out of the window
    const ui = await cpuOver(uiPid, WINDOW_MS);
    const frame = tmux(uiSocket, ['capture-pane', '-p', '-t', 'ui']);
    tmux(uiSocket, ['send-keys', '-t', 'ui', 'q']);
    await waitFor(() => !alive(uiPid), 10_000, 'the UI to quit');

    const naive = spawn(process.execPath, ['--input-type=module', '-e', NAIVE_POLLER, path.join(home, 'data', 'architect.db'), agents, names[0]], { stdio: 'ignore' });
    await sleep(2000);
    const baseline = await cpuOver(naive.pid, WINDOW_MS);
    naive.kill('SIGKILL');

    if (!/bench01\s+idle/.test(frame)) throw new Error(`the UI did not show the sessions idle:\n${frame}`);
    return [
      {
        name: 'terminal UI CPU, idle, 20 sessions (heartbeat commit every 1 s)',
        value: round(ui.percent),
        unit: '% of one core',
        baseline: round(baseline.percent),
        ratio: baseline.percent > 0 ? ui.percent / baseline.percent : null,
        goal: '<= 2% of one core (baseline: the same reads polled every 250 ms)',
        pass: ui.percent <= 2,
      },
    ];
  } finally {
    clearInterval(heartbeat);
    conn?.close();
    spawnSync('tmux', ['-L', uiSocket, 'kill-server']);
    spawnSync('tmux', ['-L', agents, 'kill-server']);
    await sleep(500);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

// What a UI "live" by polling does 4 times a second: the same reads and one screen capture.
const NAIVE_POLLER = `
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
const Database = createRequire(${JSON.stringify(path.join(REPO, 'package.json'))})('better-sqlite3');
const [dbPath, socket, session] = process.argv.slice(1);
const db = new Database(dbPath, { readonly: true });
const reads = [
  "SELECT status, count(*) FROM prompts WHERE status IN ('pending','assigned','in_progress') GROUP BY status",
  'SELECT * FROM sessions WHERE managed = 1 ORDER BY name',
  "SELECT * FROM prompts WHERE status = 'pending' ORDER BY priority DESC, created_at LIMIT 50",
  "SELECT name, state_at FROM sessions WHERE managed = 1 AND state IN ('waiting_input','unknown')",
  'SELECT count(*) FROM workers',
].map((s) => db.prepare(s));
const tick = () => {
  for (const r of reads) r.all();
  execFile('tmux', ['-L', socket, 'capture-pane', '-p', '-t', '=' + session + ':'], () => setTimeout(tick, 250));
};
tick();
`;

function setup(home, env, names) {
  const work = path.join(home, 'work');
  fs.mkdirSync(work);
  const sessions = names.map((name) => ({ name, provider: 'claude', cwd: work, hooks: false, command: ['node', CLAUDE, '--idle-notify-ms', '0'] }));
  fs.writeFileSync(env.ARCHITECT_CONFIG, JSON.stringify({ sessions, sessionOptions: { staggerMs: 0, width: 120, height: 40 } }));
  run(['db', 'migrate'], env);
  run(['sessions', 'up', '--no-hooks', '--json'], env);
  // One scan classifies every screen, so the rows say idle as they would with the watcher running.
  for (let i = 0; i < 100; i++) {
    const scan = JSON.parse(run(['sessions', 'scan', '--json'], env));
    if (scan.managed.every((m) => m.state === 'idle')) return;
    spawnSync('sleep', ['0.2']);
  }
  throw new Error('sessions never all idle');
}

function run(args, env) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`architect ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function tmux(socket, args) {
  const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (v) => Math.round(v * 100) / 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const m of await terminalBench()) console.log(JSON.stringify(m));
}
