// Helpers of assigner.bench.mjs: pane output watched on inotify, the fake agents' records, waits
// and percentiles.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** One tmux client per call, like the driver; execFile keeps the event loop free for inotify. */
export function tmuxAsync(socket, args) {
  return new Promise((resolve, reject) => execFile('tmux', ['-L', socket, ...args], (err) => (err ? reject(err) : resolve())));
}

/** Reads appended pane output on inotify and resolves when a marker first appears. */
export class PaneOutput {
  constructor(dir, accept = (f) => f.endsWith('.out')) {
    this.dir = dir;
    this.offsets = new Map();
    this.tails = new Map();
    this.waiting = new Map();
    fs.mkdirSync(dir, { recursive: true });
    this.watcher = fs.watch(dir, (_e, f) => f && accept(f) && this.read(f));
  }

  when(marker) {
    return new Promise((resolve) => this.waiting.set(marker, resolve));
  }

  read(file) {
    const full = path.join(this.dir, file);
    let size;
    try {
      size = fs.statSync(full).size;
    } catch {
      return;
    }
    const from = Math.min(this.offsets.get(file) ?? 0, size);
    if (size <= from) return;
    const fd = fs.openSync(full, 'r');
    const buf = Buffer.alloc(size - from);
    fs.readSync(fd, buf, 0, buf.length, from);
    fs.closeSync(fd);
    this.offsets.set(file, size);
    const now = Date.now();
    const text = (this.tails.get(file) ?? '') + buf.toString('utf8');
    this.tails.set(file, text.slice(-200));
    for (const [marker, resolve] of this.waiting) {
      if (text.includes(marker)) {
        this.waiting.delete(marker);
        resolve(now);
      }
    }
  }

  close() {
    this.watcher.close();
  }
}

export function records(home, name) {
  return readLines(path.join(home, `${name}.jsonl`));
}

export function submissions(home, sessions) {
  const byMarker = new Map();
  for (const s of sessions) {
    for (const e of records(home, s.name)) {
      const m = e.event === 'prompt' && /(bench-\d+x\d+-\w+)/.exec(e.text);
      if (m) byMarker.set(m[1], e.t);
    }
  }
  return byMarker;
}

export function readLines(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export async function waitUntil(what, check, timeoutMs, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function withTimeout(promise, ms) {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`no observation within ${ms} ms`)))]);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const round = (v, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export function pct(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
