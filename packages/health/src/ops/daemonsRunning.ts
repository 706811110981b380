import { listWorkers, type Db } from '@architect/db';
import type { Pm2Reader } from '../checks/pm2Check';

export interface RunningDaemon {
  name: string;
  pid: number;
  via: 'workers' | 'pm2';
}

/**
 * Architect daemons that look alive: a `workers` row still running with a heartbeat younger than
 * three periods, or a PM2 process of ours online. Either is enough to refuse a restore: a daemon
 * holding the old file open would keep writing into the database set aside.
 */
export async function runningDaemons(db: Db | null, now: number, opts: { pm2?: Pm2Reader; appNames: string[] }): Promise<RunningDaemon[]> {
  let workers: ReturnType<typeof listWorkers> = [];
  try {
    workers = db ? listWorkers(db, now) : [];
  } catch {
    // An unreadable database says nothing about running daemons; PM2 still can.
  }
  const found: RunningDaemon[] = workers
    .filter((w) => w.status === 'running' && !w.stale)
    .map((w) => ({ name: `${w.name}:${w.instance}`, pid: w.pid, via: 'workers' as const }));
  if (opts.pm2) {
    try {
      for (const p of await opts.pm2.list()) {
        if (p.status === 'online' && opts.appNames.includes(p.name) && !found.some((f) => f.pid === p.pid)) {
          found.push({ name: `${p.name}:${p.instance}`, pid: p.pid, via: 'pm2' });
        }
      }
    } catch {
      // No PM2 answering means no PM2-managed daemon running; the workers table still speaks.
    }
  }
  return found;
}
