// Helpers of autoConfirm.bench.mjs: the send-keys baseline, the dialog run over the fake agents'
// record files, timing a process with its stdin, and small waits and statistics.
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { readRecord } from './records.mjs';

export { readRecord };

export async function sendKeysBaseline(socket, target) {
  const times = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    await new Promise((resolve, reject) => execFile('tmux', ['-L', socket, 'send-keys', '-t', `=${target}:`, 'Right'], (err) => (err ? reject(err) : resolve())));
    times.push(performance.now() - t0);
  }
  return stats(times);
}

export async function dialogsAnswered(home, socket, names) {
  const records = (name) => readRecord(path.join(home, `${name}.jsonl`));
  await waitUntil(() => names.every((n) => records(n).some((e) => e.event === 'start')), 20_000);
  await sleep(500);
  // Start every session's turn within ~1 s of each other.
  await Promise.all(
    names.map(async (name, i) => {
      await sleep((i * 53) % 1000);
      await run('tmux', ['-L', socket, 'send-keys', '-t', `=${name}:`, '-l', '--', 'go']);
      await run('tmux', ['-L', socket, 'send-keys', '-t', `=${name}:`, 'Enter']);
    }),
  );
  await waitUntil(() => names.every((n) => records(n).some((e) => e.event === 'turn-end')), 120_000);
  const firstKey = [];
  const accepted = [];
  let dialogs = 0;
  let answeredOnce = 0;
  let wrongChoice = 0;
  let ignoredKeys = 0;
  for (const name of names) {
    const events = records(name);
    for (let i = 0; i < events.length; i++) {
      if (events[i].event !== 'permission-shown') continue;
      dialogs++;
      const shown = events[i].t;
      const rest = events.slice(i + 1);
      const end = rest.findIndex((e) => e.event === 'permission-shown');
      const window = end < 0 ? rest : rest.slice(0, end);
      const keys = window.filter((e) => e.event === 'key' && String(e.state).startsWith('dialog'));
      const answers = window.filter((e) => e.event === 'permission-answer');
      ignoredKeys += keys.filter((k) => k.state === 'dialog-ignored').length;
      const first = [...keys, ...answers].sort((a, b) => a.t - b.t)[0];
      if (first) firstKey.push(first.t - shown);
      if (answers.length === 1) {
        answeredOnce++;
        accepted.push(answers[0].t - shown);
        if (answers[0].choice !== 1 || answers[0].outcome !== 'allow') wrongChoice++;
      }
    }
  }
  return { firstKey: stats(firstKey), accepted: stats(accepted), dialogs, answeredOnce, wrongChoice, ignoredKeys };
}

export function timed(cmd, args, env, input) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => resolve({ ms: performance.now() - t0, stdout, stderr }));
    child.stdin.end(input);
  });
}

export function run(cmd, args) {
  return new Promise((resolve, reject) => execFile(cmd, args, (err) => (err ? reject(err) : resolve())));
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : NaN);
  return { n: sorted.length, p50: q(0.5), p99: q(0.99) };
}

export async function waitUntil(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(100);
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
