import { listWorkers, type Db } from '@architect/db';
import type { CheckBatch, CheckSample } from '../sample';

/**
 * One check per registered daemon slot (`worker:task-worker:0`): a running worker silent for more
 * than its own heartbeat period plus the grace has crashed or hung. A worker that stopped
 * gracefully was stopped on purpose and is not an outage; the PM2 check reports it as stopped.
 */
export function workersCheck(db: Db, now: number, opts: { graceMs: number; self?: string }): CheckBatch {
  const samples: CheckSample[] = listWorkers(db, now)
    .filter((w) => w.id !== opts.self)
    .map((w) => {
      const label = `${w.name}:${w.instance}`;
      const name = `worker:${label}`;
      const details = { pid: w.pid, host: w.host, heartbeatMs: w.heartbeatMs, heartbeatAgeMs: w.heartbeatAgeMs };
      if (w.status === 'stopped') return { name, status: 'ok', message: `${label} stopped`, value: w.heartbeatAgeMs, details };
      const silent = w.heartbeatAgeMs > w.heartbeatMs + opts.graceMs;
      return {
        name,
        status: silent ? 'fail' : 'ok',
        message: silent ? `${label} silent for ${Math.round(w.heartbeatAgeMs / 1000)} s` : `${label} alive (pid ${w.pid})`,
        value: w.heartbeatAgeMs,
        details,
      };
    });
  return { samples, family: 'worker:' };
}
