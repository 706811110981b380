#!/usr/bin/env node
// `pnpm bench`: runs every test/bench/*.bench.mjs in turn, each in its own Node process, and
// writes its metrics to test/bench/results/<name>.json (and prints them).
//
// A bench file's default export is an async function returning an array of metrics:
//   { name, value, unit, baseline, ratio, goal, pass }
// where `baseline` is measured in the same run (SPEC §11), `ratio` = value / baseline (or null),
// `goal` says what passes in words (e.g. ">= 0.75 of baseline", "<= 100 MB") and `pass` is a boolean.
// Usage: node test/bench/run.mjs [substring …]   (only bench files whose name contains one)
// Exit code: 1 when a bench crashed or a metric missed its goal.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
const resultsDir = path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });

let failed = false;
for (const file of files) {
  const name = file.replace(/\.bench\.mjs$/, '');
  process.stdout.write(`\n== ${name}\n`);
  const started = Date.now();
  let metrics;
  try {
    metrics = await runOne(path.join(here, file));
  } catch (err) {
    failed = true;
    process.stdout.write(`   CRASHED: ${err instanceof Error ? err.message : String(err)}\n`);
    continue;
  }
  const doc = {
    name,
    ran_at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, node: process.version, loadavg: os.loadavg() },
    metrics,
  };
  fs.writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(doc, null, 2)}\n`);
  for (const m of metrics) {
    if (m.pass === false) failed = true;
    const ratio = m.ratio === null || m.ratio === undefined ? '' : `  ratio ${m.ratio.toFixed(3)}`;
    const baseline = m.baseline === null || m.baseline === undefined ? '' : `  baseline ${fmt(m.baseline)}`;
    const verdict = m.pass === undefined || m.pass === null ? 'info' : m.pass ? 'PASS' : 'FAIL';
    process.stdout.write(`   ${verdict.padEnd(4)}  ${m.name}: ${fmt(m.value)} ${m.unit}${baseline}${ratio}  (goal ${m.goal ?? '-'})\n`);
  }
  process.stdout.write(`   -> ${path.relative(process.cwd(), path.join(resultsDir, `${name}.json`))}\n`);
}
process.exitCode = failed ? 1 : 0;

function fmt(v) {
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v);
}

/** One bench file in a fresh process, so no bench measures another's leftovers. */
function runOne(file) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, 'lib', 'runOne.mjs'), [file], { stdio: 'inherit' });
    let result;
    child.on('message', (m) => (result = m));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result?.error) reject(new Error(result.error));
      else if (code === 0 && result?.metrics) resolve(result.metrics);
      else reject(new Error(`bench process exited with ${signal ?? code}`));
    });
  });
}
