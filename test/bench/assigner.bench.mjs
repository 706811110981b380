// Assigner quality bars (SPEC §11) with 20 fake agents, beside a baseline measured in the same run:
//   enqueue → text in an idle agent's composer: p50 ≤ 150 ms, p99 ≤ 500 ms
//   enqueue → agent busy:                       p50 ≤ 700 ms
// Everything is observed from outside the assigner: "in the composer" is the moment the text
// shows up in the pane's output stream (the watcher's pipe-pane log, read on inotify), "busy" is
// the fake agent's own record of the submitted prompt. Prompts are queued from this process
// straight into the database (a second connection, as the CLI does) with Poisson arrivals.
// Baseline: the same two observations for a bare `tmux send-keys` into a pane (text; then text +
// Enter), i.e. the floor any assigner pays.
// The suite runs as deployed: auto-confirm (the hook receiver) is up before `sessions up`, so the
// Claude sessions whose `--version` has http hooks get them and the older ones get command hooks
// (a process per event). ASSIGNER_BENCH_HOOKS=command runs without the receiver: command hooks only.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { autoConfirmLeading, sessionsUp } from './lib/sessionsFleet.mjs';
import { bundleForNode } from '../support/bundleForNode.mjs';
import { PaneOutput, pct, readLines, records, round, sleep, submissions, tmuxAsync, waitUntil, withTimeout } from './lib/assignerBenchHelpers.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO, 'apps/cli/dist/main.js');
const ASSIGNER = path.join(REPO, 'apps/assigner/dist/main.js');
const AUTO_CONFIRM = path.join(REPO, 'apps/auto-confirm/dist/main.js');
const HOOKS = process.env.ASSIGNER_BENCH_HOOKS ?? 'deployed';
const nodeArgs = (app) => (createRequire(import.meta.url)(path.join(REPO, 'ecosystem.config.cjs')).apps.find((a) => a.name === app)?.node_args ?? '').split(' ').filter(Boolean);
const FAKE = path.join(REPO, 'test/fake-agents');
const SESSIONS = 20;
const WARMUP = 10;
// Rates run one after another over the same fleet, as rate:samples. The first is the sustained bar
// (issue #10: 10 prompts/s for 60 s); each later one asks whether the queue keeps up (p99 <= 1 s),
// the goal being >= 20/s. ASSIGNER_BENCH_RATES overrides them (e.g. 10:600,20:600,25:600,30:600);
// ASSIGNER_BENCH_RATE / _SAMPLES run one rate alone.
const PHASES = parsePhases(
  process.env.ASSIGNER_BENCH_RATE || process.env.ASSIGNER_BENCH_SAMPLES
    ? `${process.env.ASSIGNER_BENCH_RATE ?? 10}:${process.env.ASSIGNER_BENCH_SAMPLES ?? 600}`
    : (process.env.ASSIGNER_BENCH_RATES ?? '10:600,20:600'),
);
const SUSTAINED_P99_MS = 1000;
const BASELINE_SAMPLES = 30;
const WORK_MS = 400;

export default async function assignerBench() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-assigner-'));
  const socket = `arch-bench-${process.pid}`;
  const env = { ...process.env, ARCHITECT_HOME: home, ARCHITECT_TMUX_SOCKET: socket, LOG_LEVEL: 'warn' };
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  let assigner;
  let autoConfirm;
  try {
    if (!['deployed', 'command'].includes(HOOKS)) throw new Error(`ASSIGNER_BENCH_HOOKS must be deployed or command, not ${HOOKS}`);
    const lib = await import(await bundleForNode('test/bench/lib/assignerBenchLib.ts', path.join(home, 'lib.mjs')));
    const sessions = fleet(home);
    fs.writeFileSync(
      path.join(home, 'architect.config.json'),
      // maxBusy = all 20: the cap exists to protect a machine from real agents; here it would only
      // queue prompts on purpose, and the bar is about reaching an idle agent.
      JSON.stringify({ sessions, sessionOptions: { staggerMs: 0, width: 120, height: 40, ...JSON.parse(process.env.ASSIGNER_BENCH_SESSION_OPTIONS ?? '{}') }, assigner: { maxBusy: SESSIONS } }, null, 2),
    );
    execFileSync(process.execPath, [CLI, 'db', 'migrate'], { env });
    if (HOOKS === 'deployed') {
      const acLog = fs.openSync(path.join(home, 'auto-confirm.log'), 'w');
      autoConfirm = spawn(process.execPath, [...nodeArgs('auto-confirm'), AUTO_CONFIRM], { env, stdio: ['ignore', acLog, acLog] });
      await autoConfirmLeading(home, autoConfirm.pid, 200);
    }
    const httpWanted = HOOKS === 'deployed' ? sessions.filter((s) => s.env?.FAKE_CLAUDE_LAYOUT === '2.1').map((s) => s.name) : [];
    const transport = new Map(sessionsUp(env, httpWanted).map((r) => [r.name, r.hookTransport]));
    await waitUntil('fake agents started', () => sessions.every((s) => records(home, s.name).some((e) => e.event === 'start')), 30_000);

    const baseline = await measureBaseline(home, tmux, socket);

    const log = fs.openSync(path.join(home, 'assigner.log'), 'w');
    assigner = spawn(process.execPath, [...nodeArgs('assigner'), ASSIGNER], { env: { ...env, LOG_LEVEL: process.env.ASSIGNER_BENCH_LOG ?? 'warn' }, stdio: ['ignore', log, log] });
    const db = lib.createDb({ path: path.join(home, 'data', 'architect.db') });
    await waitUntil('all sessions idle', () => db.sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE state = 'idle'").get().n === SESSIONS, 30_000);
    const panes = new PaneOutput(path.join(home, 'data', 'panes'));
    const results = [];
    for (const [n, phase] of PHASES.entries()) {
      if (n > 0) await waitUntil('every session idle between rates', () => db.sqlite.prepare("SELECT count(*) AS n FROM sessions WHERE state = 'idle'").get().n === SESSIONS, 60_000);
      results.push({ ...phase, ...(await runPhase({ lib, db, home, sessions, panes, transport }, n, phase)) });
    }
    panes.close();
    db.close();

    const m = (name, value, base, goalMs) => ({
      name,
      value: round(value),
      unit: 'ms',
      baseline: base === null ? null : round(base),
      ratio: base > 0 ? round(value / base, 3) : null,
      goal: `<= ${goalMs} ms`,
      pass: value <= goalMs,
    });
    const [bar, ...higher] = results;
    const { toComposer, toBusy, stages } = bar;
    const sustained = results.filter((r) => pct(r.toComposer, 99) <= SUSTAINED_P99_MS).map((r) => r.rate);
    return [
      m('enqueue_to_composer_p50', pct(toComposer, 50), pct(baseline.composer, 50), 150),
      m('enqueue_to_composer_p99', pct(toComposer, 99), pct(baseline.composer, 99), 500),
      m('enqueue_to_busy_p50', pct(toBusy, 50), pct(baseline.busy, 50), 700),
      { name: 'enqueue_to_busy_p99', value: round(pct(toBusy, 99)), unit: 'ms', baseline: round(pct(baseline.busy, 99)), ratio: null, goal: 'info', pass: null },
      ...['assigned', 'typed', 'submitted'].flatMap((stage) =>
        [50, 99].map((p) => info(`enqueue_to_${stage}_p${p}`, pct(stages.map((x) => x[stage] - x.enqueuedAt).filter((v) => v >= 0), p))),
      ),
      // Few prompts wait for a turn end at the bar's rate: these pool every rate run.
      ...turnMetrics(m, '', results.flatMap((r) => r.turnGaps)),
      { name: 'rate', value: bar.rate, unit: 'prompts/s', baseline: null, ratio: null, goal: 'info', pass: null },
      { name: 'samples', value: toComposer.length, unit: 'prompts', baseline: null, ratio: null, goal: `${SESSIONS} agents`, pass: null },
      // Higher rates: does the queue keep up (p99 <= 1 s), and where does the time go?
      ...higher.flatMap((r) => [
        m(`at ${r.rate}/s: enqueue_to_composer_p99`, pct(r.toComposer, 99), null, SUSTAINED_P99_MS),
        info(`at ${r.rate}/s: enqueue_to_composer_p50`, pct(r.toComposer, 50)),
        info(`at ${r.rate}/s: enqueue_to_busy_p50`, pct(r.toBusy, 50)),
        ...turnMetrics(m, `at ${r.rate}/s: `, r.turnGaps),
      ]),
      {
        name: 'highest_rate_with_p99_under_1s',
        value: sustained.length ? Math.max(...sustained) : 0,
        unit: 'prompts/s',
        baseline: null,
        ratio: null,
        goal: `>= 20 prompts/s (rates run: ${results.map((r) => r.rate).join(', ')})`,
        pass: sustained.length > 0 && Math.max(...sustained) >= 20,
      },
      { name: 'hook_transports', value: httpWanted.length, unit: 'sessions on http hooks', baseline: null, ratio: null, goal: HOOKS, pass: null },
    ];
  } finally {
    // ASSIGNER_BENCH_KEEP_LOG=<file>: keep the assigner's log (at ASSIGNER_BENCH_LOG level).
    if (process.env.ASSIGNER_BENCH_KEEP_LOG) fs.copyFileSync(path.join(home, 'assigner.log'), process.env.ASSIGNER_BENCH_KEEP_LOG);
    for (const daemon of [assigner, autoConfirm]) {
      if (daemon && daemon.exitCode === null) {
        daemon.kill('SIGINT');
        await new Promise((r) => daemon.once('exit', r));
      }
    }
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    // The fake agents run their SessionEnd hooks after SIGHUP and may still write for a moment.
    await sleep(2000);
    if (process.env.ASSIGNER_BENCH_KEEP) process.stderr.write(`assigner bench: kept ${home}\n`);
    else {
      try {
        fs.rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch (err) {
        process.stderr.write(`assigner bench: could not remove ${home}: ${err.message}\n`);
      }
    }
  }
}

function parsePhases(spec) {
  return spec.split(',').map((part) => {
    const [rate, samples] = part.split(':').map(Number);
    if (!(rate > 0) || !(samples > 0)) throw new Error(`ASSIGNER_BENCH_RATES: "${part}" is not rate:samples`);
    return { rate, samples };
  });
}

const info = (name, value) => ({ name, value: round(value ?? NaN), unit: 'ms', baseline: null, ratio: null, goal: 'info', pass: null });

/** Prompts at `rate`/s (Poisson arrivals), the first WARMUP not counted; every one must be typed and submitted. */
async function runPhase({ lib, db, home, sessions, panes, transport }, n, { rate, samples }) {
  const runs = [];
  for (let i = 0; i < WARMUP + samples; i++) {
    const marker = `bench-${n}x${i}-${Math.random().toString(36).slice(2, 8)}`;
    const enqueuedAt = Date.now();
    const id = lib.enqueuePrompt(db, { content: `please handle ${marker} now`, source: 'bench' }, enqueuedAt);
    runs.push({ i, id, marker, enqueuedAt, composerAt: panes.when(marker) });
    await sleep(-Math.log(1 - Math.random()) * (1000 / rate));
  }
  const composer = [];
  for (const r of runs) composer.push({ ...r, composerAt: await withTimeout(r.composerAt, 60_000) });
  await waitUntil(`every prompt at ${rate}/s submitted`, () => {
    const seen = submissions(home, sessions);
    return runs.every((r) => seen.has(r.marker));
  }, 120_000);
  const submitted = submissions(home, sessions);
  const measured = composer.slice(WARMUP);
  const stages = stageTimes(db, measured);
  return {
    toComposer: measured.map((r) => r.composerAt - r.enqueuedAt),
    toBusy: measured.map((r) => submitted.get(r.marker) - r.enqueuedAt),
    stages,
    turnGaps: turnEndToComposer(home, sessions, stages, db, transport),
  };
}

/**
 * Prompts that were queued before their agent's previous turn ended: how long that agent sat
 * idle before the next text reached its composer (goal p50 <= 250 ms, p99 <= 750 ms), and per
 * stage: the turn's end seen (its prompt completed), the next prompt claimed, typed.
 */
function turnMetrics(m, prefix, turnGaps) {
  return [
    m(`${prefix}turn_end_to_composer_p50`, pct(turnGaps.map((g) => g.composer), 50), null, 250),
    m(`${prefix}turn_end_to_composer_p99`, pct(turnGaps.map((g) => g.composer), 99), null, 750),
    ...['seen', 'claimed', 'typed'].map((k) => info(`${prefix}turn_end_to_${k}_p50`, pct(turnGaps.map((g) => g[k]).filter(Number.isFinite), 50))),
    ...[...new Set(turnGaps.map((g) => g.kind))].sort().map((kind) =>
      info(`${prefix}turn_end_to_seen_p50 ${kind}`, pct(turnGaps.filter((g) => g.kind === kind).map((g) => g.seen).filter(Number.isFinite), 50)),
    ),
    info(`${prefix}turn_end_to_claimed_p99`, pct(turnGaps.map((g) => g.claimed), 99)),
    { name: `${prefix}turn_gap_samples`, value: turnGaps.length, unit: 'prompts', baseline: null, ratio: null, goal: 'info', pass: null },
  ];
}

/** When each prompt was claimed (assigned), typed and submitted, from assignment_history (last attempt). */
function stageTimes(db, runs) {
  const q = db.sqlite.prepare(`SELECT action, session_name, created_at FROM assignment_history WHERE prompt_id = ? ORDER BY id`);
  return runs.map((r) => {
    const out = { ...r };
    for (const h of q.all(r.id)) {
      if (h.action === 'assigned') out.session = h.session_name;
      if (['assigned', 'typed', 'submitted'].includes(h.action)) out[h.action] = h.created_at;
    }
    return out;
  });
}

/**
 * For prompts enqueued before their agent's previous turn ended (they waited for it): from that
 * turn's end (the fake agent's record) to the claim and to the text in the composer.
 */
function turnEndToComposer(home, sessions, stages, db, transport) {
  const ends = new Map(sessions.map((s) => [s.name, records(home, s.name).filter((e) => e.event === 'turn-end').map((e) => e.t)]));
  const provider = new Map(sessions.map((s) => [s.name, s.provider === 'claude' ? `claude (${transport.get(s.name) ?? 'no'} hooks)` : `${s.provider} (screen)`]));
  // When the assigner saw that turn end: it completed the session's previous prompt.
  const seenQ = db.sqlite.prepare('SELECT max(completed_at) AS at FROM prompts WHERE assigned_session = ? AND completed_at <= ?');
  const out = [];
  for (const x of stages) {
    const prev = (ends.get(x.session) ?? []).filter((t) => t <= x.composerAt).at(-1);
    if (prev === undefined || prev < x.enqueuedAt) continue;
    const seen = seenQ.get(x.session, x.assigned ?? x.composerAt)?.at ?? NaN;
    out.push({ kind: provider.get(x.session), seen: seen - prev, composer: x.composerAt - prev, claimed: (x.assigned ?? NaN) - prev, typed: (x.typed ?? NaN) - prev });
  }
  return out;
}

/**
 * 8 of today's Claude (2.1.2xx screens; its `--version` has http hooks), 4 Claude 1.x (command
 * hooks), 4 Codex, 4 Aider.
 */
function fleet(home) {
  const script = path.join(home, 'script.json');
  fs.writeFileSync(script, JSON.stringify({ default: { workMs: WORK_MS, reply: 'done {n}' } }));
  // The layout goes in the environment: `claude --version` (which picks the hook transport) is run
  // without the session's other arguments.
  const kinds = [...Array(8).fill(['claude', [], { FAKE_CLAUDE_LAYOUT: '2.1' }]), ...Array(4).fill(['claude', [], { FAKE_CLAUDE_LAYOUT: '1' }]), ...Array(4).fill(['codex', []]), ...Array(4).fill(['aider', []])];
  return kinds.map(([agent, args, env], i) => ({
    name: `b${String(i + 1).padStart(2, '0')}`,
    provider: agent,
    ...(env ? { env } : {}),
    cwd: home,
    command: ['node', path.join(FAKE, `${agent}.mjs`), ...args, '--script', script, '--record', path.join(home, `b${String(i + 1).padStart(2, '0')}.jsonl`)],
  }));
}

/** The floor: a bare send-keys into an idle fake agent of our own (not managed by Architect). */
async function measureBaseline(home, tmux, socket) {
  const record = path.join(home, 'baseline.jsonl');
  const out = path.join(home, 'baseline.out');
  fs.writeFileSync(out, '');
  tmux('new-session', '-d', '-s', 'baseline', '-x', '120', '-y', '40', 'node', path.join(FAKE, 'claude.mjs'), '--no-hooks', '--record', record);
  await waitUntil('baseline agent started', () => readLines(record).some((e) => e.event === 'start'), 15_000);
  await sleep(500);
  tmux('pipe-pane', '-O', '-t', '=baseline:', `cat >> '${out}'`);
  const watcher = new PaneOutput(path.dirname(out), (f) => f === 'baseline.out');
  const composer = [];
  const busy = [];
  for (let i = 0; i < BASELINE_SAMPLES; i++) {
    const marker = `base-${i}-${Math.random().toString(36).slice(2, 8)}`;
    const seen = watcher.when(marker);
    const t0 = Date.now();
    await tmuxAsync(socket, ['send-keys', '-l', '-t', '=baseline:', '--', `please handle ${marker} now`]);
    composer.push((await withTimeout(seen, 10_000)) - t0);
    await tmuxAsync(socket, ['send-keys', '-t', '=baseline:', 'Enter']);
    await waitUntil('baseline submit', () => readLines(record).some((e) => e.event === 'prompt' && e.text.includes(marker)), 10_000, 2);
    busy.push(readLines(record).find((e) => e.event === 'prompt' && e.text.includes(marker)).t - t0);
    await waitUntil('baseline turn end', () => readLines(record).filter((e) => e.event === 'turn-end').length === i + 1, 10_000);
    await sleep(100);
  }
  watcher.close();
  tmux('kill-session', '-t', '=baseline');
  return { composer, busy };
}

