// The soak's sampling: every daemon PM2 runs, its resident size and CPU from /proc, and the heap
// each one reports with its heartbeat in `workers.info`.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { procSample } from './procSample.mjs';
import { round } from './soakReport.mjs';

const PM2_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/pm2/bin/pm2');

/** Samples every daemon PM2 runs (pids re-read each time: a restart shows as a new pid). */
export function sampleLoop(env, db, t0, sampleMs) {
  const samples = [];
  const last = new Map();
  let stopped = false;
  const heap = db.sqlite.prepare('SELECT name, instance, info FROM workers WHERE status = ?');
  const loop = (async () => {
    while (!stopped) {
      const t = Date.now();
      const list = await pm2List(env).catch(() => []);
      const heaps = new Map(heap.all('running').map((w) => [`${w.name}#${w.instance}`, safeJson(w.info)]));
      const row = { t: t - t0, daemons: {} };
      for (const p of list) {
        const key = `${p.name}#${p.instance}`;
        const s = procSample(p.pid);
        if (!s) continue;
        const prev = last.get(key);
        const cpuPct = prev && prev.pid === p.pid ? (100 * (s.cpuSeconds - prev.cpuSeconds)) / ((t - prev.t) / 1000) : null;
        last.set(key, { pid: p.pid, t, cpuSeconds: s.cpuSeconds });
        const info = heaps.get(key);
        row.daemons[key] = {
          pid: p.pid,
          rssMb: round(s.rssMb),
          cpuPct: cpuPct === null ? null : round(cpuPct),
          ...(typeof info?.heapMb === 'number' ? { heapMb: info.heapMb } : {}),
        };
      }
      samples.push(row);
      await new Promise((r) => setTimeout(r, Math.max(0, sampleMs - (Date.now() - t))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

export function pm2List(env) {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [PM2_BIN, 'jlist'], { env, encoding: 'utf8', timeout: 30_000, maxBuffer: 16 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      try {
        const apps = JSON.parse(stdout.slice(stdout.indexOf('[')));
        resolve(apps.map((a) => ({ name: a.name, pid: a.pid, status: a.pm2_env.status, restarts: a.pm2_env.restart_time, instance: Number(a.pm2_env.NODE_APP_INSTANCE ?? 0) })));
      } catch (e) {
        reject(e);
      }
    }),
  );
}

function safeJson(s) {
  try {
    return typeof s === 'string' ? JSON.parse(s) : s;
  } catch {
    return undefined;
  }
}
