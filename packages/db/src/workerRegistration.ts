import os from 'node:os';
import type { Logger } from '@architect/core';
import { Loop, systemClock, VERSION, type Clock, type Service } from '@architect/core';
import type { Db } from './createDb';
import { heartbeatWorker, markWorkerStopped, registerWorker } from './queries/workers';

export interface WorkerRegistrationOptions {
  db: Db;
  name: string;
  instance: number;
  heartbeatMs: number;
  log: Logger;
  clock?: Clock;
  /** Extra facts shown in `architect workers` (e.g. the task in flight); the process's memory is always added. */
  info?: () => Record<string, unknown> | undefined;
}

const MB = 1024 * 1024;
const mb = (n: number) => Math.round((n / MB) * 10) / 10;

/**
 * The process's memory in every heartbeat (`architect workers`, the soak's samples): resident size
 * beside the JS heap and what lives outside it (Buffers, native addons) tells a leak in our code
 * from one in the allocator or a native module.
 */
function memoryFacts(): { rssMb: number; heapMb: number; externalMb: number } {
  const m = process.memoryUsage();
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external) };
}

/** Registers the daemon in `workers` at start, heartbeats, and marks it stopped on a graceful exit. */
export class WorkerRegistration implements Service {
  readonly name = 'worker-registration';
  id = '';
  private readonly loop: Loop;
  private readonly clock: Clock;

  constructor(private readonly opts: WorkerRegistrationOptions) {
    this.clock = opts.clock ?? systemClock;
    this.loop = new Loop({
      name: 'heartbeat',
      intervalMs: opts.heartbeatMs,
      log: opts.log,
      clock: this.clock,
      tick: async () => {
        heartbeatWorker(this.opts.db, this.id, process.pid, this.clock.now(), { ...this.opts.info?.(), ...memoryFacts() });
        // SQLite checkpoints automatically only when a write statement is stepped to completion;
        // compare-and-swap `UPDATE … RETURNING` read with .get() never is, so a daemon whose writes
        // are all of that kind would grow the WAL without bound. A passive checkpoint per heartbeat
        // never blocks a writer and is free when there is nothing to copy.
        this.opts.db.sqlite.pragma('wal_checkpoint(PASSIVE)');
      },
    });
  }

  start(): void {
    this.id = registerWorker(
      this.opts.db,
      {
        name: this.opts.name,
        instance: this.opts.instance,
        pid: process.pid,
        host: os.hostname(),
        version: VERSION,
        heartbeatMs: this.opts.heartbeatMs,
      },
      this.clock.now(),
    );
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    if (this.id) markWorkerStopped(this.opts.db, this.id, process.pid, this.clock.now());
  }
}
