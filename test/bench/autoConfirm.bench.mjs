// Auto-confirm quality bars (SPEC §11), each beside a baseline measured in the same run:
//  (a) 20 fake Claude Code sessions raising permission dialogs: dialog on screen → answer key
//      received by the agent, p50 (goal <= 300 ms) and p99 (goal <= 1 s), timed by the fake's own
//      record file (`permission-shown` → first key in the dialog). The agent ignores keys for
//      250 ms after drawing a dialog (as Claude Code does), so that much of the latency is the
//      agent's, not ours; the baseline is a bare `tmux send-keys` round trip.
//  (b) `architect hook` answering a PermissionRequest, including process start, p50
//      (goal <= 150 ms), beside `node -e 0` started the same way: measured as deployed, with the
//      auto-confirm daemon running (the hook asks it over data/run/auto-confirm.sock), and again
//      with no daemon (the fallback: the hook loads the database and the policy itself).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { treeCpu } from './lib/processCpu.mjs';
import { sendKeysBaseline, dialogsAnswered, timed, run, readRecord, stats, waitUntil, sleep } from './lib/autoConfirmRun.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Private copies of the built apps, beside their packages so their node_modules still resolve:
// a rebuild of dist/ during the run (tsup cleans it first) must not break the measurement.
const CLI = snapshot('apps/cli');
const DAEMON = snapshot('apps/auto-confirm');

function snapshot(app) {
  const dir = path.join(REPO, app, '.bench', String(process.pid));
  // The whole dist/: the CLI is split into chunks that main.js imports on demand.
  fs.cpSync(path.join(REPO, app, 'dist'), dir, { recursive: true });
  return path.join(dir, 'main.js');
}
const CLAUDE = path.join(REPO, 'test/fake-agents/claude.mjs');
// The daemon runs with the node flags PM2 gives it.
const NODE_ARGS = (createRequire(import.meta.url)(path.join(REPO, 'ecosystem.config.cjs')).apps.find((a) => a.name === 'auto-confirm')?.node_args ?? '')
  .split(' ')
  .filter(Boolean);
// Overridable for diagnosis (BENCH_AC_SESSIONS=1 separates our latency from load).
const SESSIONS = Number(process.env.BENCH_AC_SESSIONS ?? 20);
const DIALOGS_PER_SESSION = Number(process.env.BENCH_AC_DIALOGS ?? 10);
const HOOK_RUNS = Number(process.env.BENCH_AC_HOOK_RUNS ?? 30);
const IDLE_MS = 15_000;

export default async function autoConfirmBench() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-ac-'));
  const socket = `bench-ac-${process.pid}`;
  const env = { ...process.env, ARCHITECT_HOME: home, ARCHITECT_TMUX_SOCKET: socket, LOG_LEVEL: 'warn' };
  let daemon;
  try {
    const names = Array.from({ length: SESSIONS }, (_, i) => `bench${String(i + 1).padStart(2, '0')}`);
    setup(home, env, names);
    const sendKeysMs = await sendKeysBaseline(socket, names[0]);
    daemon = spawn(process.execPath, [...NODE_ARGS, DAEMON], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    await sleep(1500); // lease, watches
    const cpu0 = cpuMs(daemon.pid);
    const t0 = Date.now();
    const screen = await dialogsAnswered(home, socket, names);
    const daemonCpu = (cpuMs(daemon.pid) - cpu0) / (Date.now() - t0);
    // Every turn is over: the same twenty sessions now sit idle at their composers. Let the burst's
    // tail (V8's background compiles and GC of 200 answers) settle, so this is the steady idle cost.
    await sleep(8000);
    const idle0 = cpuMs(daemon.pid);
    const ti = Date.now();
    await sleep(IDLE_MS);
    const idleCpu = (cpuMs(daemon.pid) - idle0) / (Date.now() - ti);
    const rssMb = Number(fs.readFileSync(`/proc/${daemon.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
    // The real setup: the daemon (still watching the twenty idle sessions) answers over its socket.
    if (!fs.existsSync(path.join(home, 'data', 'run', 'auto-confirm.sock'))) throw new Error('auto-confirm is not listening on its hook socket');
    const hook = await hookTimes(home, env, names[0], 'daemon');
    daemon.kill('SIGINT');
    await new Promise((r) => daemon.once('exit', r));
    daemon = undefined;
    const fallback = await hookTimes(home, env, names[0], 'local');
    return [
      {
        name: 'screen: dialog on screen -> answer key at the agent, p50 (20 sessions)',
        value: screen.firstKey.p50,
        unit: 'ms',
        baseline: sendKeysMs.p50,
        ratio: screen.firstKey.p50 / sendKeysMs.p50,
        goal: '<= 300 ms',
        pass: screen.firstKey.p50 <= 300,
      },
      {
        name: 'screen: dialog on screen -> answer key at the agent, p99 (20 sessions)',
        value: screen.firstKey.p99,
        unit: 'ms',
        baseline: sendKeysMs.p99,
        ratio: screen.firstKey.p99 / sendKeysMs.p99,
        goal: '<= 1000 ms',
        pass: screen.firstKey.p99 <= 1000,
      },
      {
        name: 'screen: dialog on screen -> answer accepted, p50 / p99 (info)',
        value: screen.accepted.p50,
        unit: 'ms',
        baseline: screen.accepted.p99,
        ratio: null,
        goal: 'info (baseline column = p99); includes the agent\'s 250 ms key-ignore window',
        pass: null,
      },
      {
        name: `screen: dialogs answered exactly once (of ${SESSIONS * DIALOGS_PER_SESSION})`,
        value: screen.answeredOnce,
        unit: 'dialogs',
        baseline: screen.dialogs,
        ratio: screen.answeredOnce / Math.max(1, screen.dialogs),
        goal: 'all, with the single-use Yes',
        pass: screen.answeredOnce === screen.dialogs && screen.dialogs === SESSIONS * DIALOGS_PER_SESSION && screen.wrongChoice === 0,
      },
      {
        name: 'screen: keys the agent ignored (pressed inside its ignore window; each re-sent once)',
        value: screen.ignoredKeys,
        unit: 'keys',
        baseline: null,
        ratio: null,
        goal: 'info',
        pass: null,
      },
      {
        name: 'screen: auto-confirm CPU while 20 busy sessions raise dialogs (share of one core, incl. its tmux clients)',
        value: daemonCpu * 100,
        unit: '%',
        baseline: null,
        ratio: null,
        goal: 'info',
        pass: null,
      },
      {
        name: 'screen: auto-confirm watching 20 idle sessions (share of one core, incl. its tmux clients)',
        value: idleCpu * 100,
        unit: '%',
        baseline: null,
        ratio: null,
        goal: '<= 3 %',
        pass: idleCpu * 100 <= 3,
      },
      {
        name: 'screen: auto-confirm resident memory after the run',
        value: rssMb,
        unit: 'MB',
        baseline: null,
        ratio: null,
        goal: '<= 100 MB',
        pass: rssMb <= 100,
      },
      {
        name: 'hook: PermissionRequest decision incl. process start, p50 (daemon running: answered over its socket)',
        value: hook.decision.p50,
        unit: 'ms',
        baseline: hook.nodeStart.p50,
        ratio: hook.decision.p50 / hook.nodeStart.p50,
        goal: '<= 150 ms',
        pass: hook.decision.p50 <= 150,
      },
      {
        name: 'hook: PermissionRequest decision incl. process start, p99 (daemon running, info)',
        value: hook.decision.p99,
        unit: 'ms',
        baseline: hook.nodeStart.p99,
        ratio: hook.decision.p99 / hook.nodeStart.p99,
        goal: 'info',
        pass: null,
      },
      {
        name: 'hook: PermissionRequest decision incl. process start, p50 (no daemon: the hook decides itself)',
        value: fallback.decision.p50,
        unit: 'ms',
        baseline: fallback.nodeStart.p50,
        ratio: fallback.decision.p50 / fallback.nodeStart.p50,
        goal: 'info: the fallback while auto-confirm is not running',
        pass: null,
      },
      {
        name: 'hook: a non-permission event (Stop) incl. process start, p50 (info)',
        value: hook.stop.p50,
        unit: 'ms',
        baseline: hook.nodeStart.p50,
        ratio: hook.stop.p50 / hook.nodeStart.p50,
        goal: 'info: the hook path auto-confirm adds to',
        pass: null,
      },
    ];
  } finally {
    if (daemon) daemon.kill('SIGKILL');
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    for (const copy of [CLI, DAEMON]) fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    // The fakes write a last record line as they exit, which can recreate a file mid-removal on a
    // slow machine: retry for a few seconds. A leftover temp dir must not hide the bench's result.
    for (let i = 0; i < 20 && fs.existsSync(home); i++) {
      await sleep(250);
      try {
        fs.rmSync(home, { recursive: true, force: true });
      } catch {
        // not empty yet: next round
      }
    }
  }
}

function setup(home, env, names) {
  const sessions = names.map((name) => {
    const cwd = path.join(home, 'work', name);
    fs.mkdirSync(cwd, { recursive: true });
    return { name, provider: 'claude', cwd, hooks: false };
  });
  fs.writeFileSync(
    path.join(home, 'architect.config.json'),
    JSON.stringify({ sessions, autoConfirm: { allow: ['Bash(npm test *)', 'Bash(npm test)'], maxPerMinute: 1000 } }),
  );
  const migrated = spawnSync(process.execPath, [CLI, 'db', 'migrate'], { env, encoding: 'utf8' });
  if (migrated.status !== 0) throw new Error(`db migrate failed: ${migrated.stderr}`);
  const panes = path.join(home, 'data', 'panes');
  fs.mkdirSync(panes, { recursive: true });
  // One turn per session: a permission request, a little work, the next request …
  const steps = [];
  for (let i = 0; i < DIALOGS_PER_SESSION; i++) {
    steps.push({ work: 150 + ((i * 97) % 400) }, { permission: { tool: 'Bash', command: `npm test -- --shard=${i + 1}`, description: 'Run tests' } });
  }
  const script = path.join(home, 'script.json');
  fs.writeFileSync(script, JSON.stringify({ default: { steps, reply: 'done' } }));
  const tmux = (...args) => {
    const r = spawnSync('tmux', ['-L', env.ARCHITECT_TMUX_SOCKET, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
  };
  for (const s of sessions) {
    tmux('new-session', '-d', '-s', s.name, '-x', '120', '-y', '40', '-c', s.cwd, process.execPath, CLAUDE, '--script', script, '--record', path.join(home, `${s.name}.jsonl`));
    // What the sessions watcher arms on every managed pane: its output → data/panes/<name>.out.
    tmux('pipe-pane', '-O', '-t', `=${s.name}:`, `exec cat >> '${path.join(panes, `${s.name}.out`)}'`);
  }
}

/** `expectPath`: which process must have decided every request ('daemon' or 'local'), checked in the audit log. */
async function hookTimes(home, env, session, expectPath) {
  const payload = (i) =>
    JSON.stringify({
      session_id: 'bench',
      transcript_path: path.join(home, 't.jsonl'),
      cwd: path.join(home, 'work', session),
      permission_mode: 'default',
      hook_event_name: 'PermissionRequest',
      tool_name: 'Bash',
      tool_input: { command: `npm test -- --watch=false --bench=${expectPath}-${i}`, description: 'Run tests' },
      permission_suggestions: [],
    });
  const stopPayload = JSON.stringify({ session_id: 'bench', cwd: path.join(home, 'work', session), hook_event_name: 'Stop', stop_hook_active: false });
  const hookEnv = { ...env, ARCHITECT_SESSION: session };
  const nodeStart = [];
  const decision = [];
  const stop = [];
  for (let i = 0; i < HOOK_RUNS; i++) {
    nodeStart.push((await timed(process.execPath, ['-e', '0'], env, '')).ms);
    const d = await timed(process.execPath, [CLI, 'hook'], hookEnv, payload(i));
    if (!d.stdout.includes('"behavior":"allow"')) throw new Error(`hook did not allow: ${d.stdout} ${d.stderr}`);
    decision.push(d.ms);
    stop.push((await timed(process.execPath, [CLI, 'hook'], hookEnv, stopPayload)).ms);
  }
  const audit = spawnSync(process.execPath, [CLI, 'approvals', '--json', '--limit', '1000', '--session', session], { env, encoding: 'utf8' });
  const mine = JSON.parse(audit.stdout).filter((r) => r.via === 'hook' && r.command.includes(`--bench=${expectPath}-`));
  if (mine.length !== HOOK_RUNS || mine.some((r) => r.details?.path !== expectPath)) {
    throw new Error(`expected ${HOOK_RUNS} hook decisions made by the ${expectPath} path, found ${JSON.stringify(mine.map((r) => r.details?.path))}`);
  }
  return { nodeStart: stats(nodeStart), decision: stats(decision), stop: stats(stop) };
}

/** CPU of a process and its tmux clients (reaped, or live like the control client), in ms (10 ms ticks). */
function cpuMs(pid) {
  return treeCpu(pid) * 10;
}

