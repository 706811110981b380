import { Loop, systemClock, toError, type Clock, type HealthConfig, type Logger, type Service } from '@architect/core';
import type { Db } from '@architect/db';
import type { TmuxDriver } from '@architect/tmux';
import { HttpSchedule, httpCheck } from './checks/httpCheck';
import { pm2Check, RestartHistory, type Pm2Reader } from './checks/pm2Check';
import { diskCheck, quickCheck, sizeChecks, tmuxCheck } from './checks/systemChecks';
import { overdueCheck, sessionsCheck } from './checks/workloadChecks';
import { workersCheck } from './checks/workersCheck';
import { recordCycle, type CycleChange } from './recordCycle';
import type { CheckBatch, CheckSample } from './sample';

export interface HealthMonitorOptions {
  db: Db;
  log: Logger;
  config: HealthConfig;
  dbPath: string;
  tmux: TmuxDriver;
  /** Sessions in the config file: without any, no tmux server is not a failure. */
  sessionsConfigured: number;
  /** Absent when the PM2 check is off. */
  pm2?: Pm2Reader;
  /** This daemon's own worker id, left out of the heartbeat checks. */
  selfWorkerId?: () => string;
  clock?: Clock;
  fetchImpl?: typeof fetch;
}

export interface CycleReport {
  durationMs: number;
  samples: number;
  changes: CycleChange[];
  conflicts: number;
}

/**
 * The health daemon's work: every `intervalMs` it runs every check (concurrently: the slow ones
 * are tmux, PM2 and HTTP, all waiting on other processes), then records the samples in one
 * transaction. A check that throws becomes a failed sample of that check, never a dead loop.
 */
export class HealthMonitor implements Service {
  readonly name = 'health-monitor';
  private readonly loop: Loop;
  private readonly clock: Clock;
  private readonly restarts = new RestartHistory();
  private readonly http = new HttpSchedule();
  private lastQuickCheck = -Infinity;
  cycles = 0;
  lastCycle: CycleReport | undefined;

  constructor(private readonly opts: HealthMonitorOptions) {
    this.clock = opts.clock ?? systemClock;
    this.loop = new Loop({
      name: 'health',
      intervalMs: opts.config.intervalMs,
      log: opts.log,
      clock: this.clock,
      backoff: { baseMs: opts.config.intervalMs, maxMs: Math.max(opts.config.intervalMs, 60_000) },
      tick: async () => {
        await this.runCycle();
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  async runCycle(): Promise<CycleReport> {
    const started = performance.now();
    const { config: c, db } = this.opts;
    const now = this.clock.now();
    const guard = async (name: string, fn: () => CheckBatch | CheckBatch[] | Promise<CheckBatch | CheckBatch[]>): Promise<CheckBatch[]> => {
      try {
        const r = await fn();
        return Array.isArray(r) ? r : [r];
      } catch (raw) {
        const err = toError(raw);
        this.opts.log.warn({ err, check: name }, 'health check threw');
        return [{ samples: [{ name, status: 'fail', message: `${name} check failed: ${err.message}` }] }];
      }
    };
    const one = (s: CheckSample | CheckSample[]): CheckBatch => ({ samples: Array.isArray(s) ? s : [s] });
    const runQuick = now - this.lastQuickCheck >= c.quickCheckEveryMs;
    if (runQuick) this.lastQuickCheck = now;
    const due = this.http.due(c.http, now);

    const parts = await Promise.all([
      guard('workers', () => workersCheck(db, now, { graceMs: c.workerGraceMs, self: this.opts.selfWorkerId?.() })),
      guard('sessions', () => sessionsCheck(db, now, { waitingWarnMs: c.waitingWarnMs, alertWindowMs: c.alertWindowMs })),
      guard('timeouts', () => overdueCheck(db, now, c.timeoutGraceMs)),
      guard('tmux', async () => one(await tmuxCheck(this.opts.tmux, this.opts.sessionsConfigured))),
      guard('disk', async () => one(await diskCheck(this.opts.dbPath, { warnPercent: c.diskWarnPercent, failPercent: c.diskFailPercent }))),
      guard('db-size', () => one(sizeChecks(this.opts.dbPath, c))),
      runQuick ? guard('database', () => one(quickCheck(db))) : Promise.resolve([]),
      this.opts.pm2 ? guard('pm2', () => pm2Check(this.opts.pm2!, this.restarts, now, { maxRestarts: c.maxRestarts, windowMs: c.restartWindowMs })) : Promise.resolve([]),
      guard('http', async () => ({ samples: await Promise.all(due.map((h) => httpCheck(h, this.opts.fetchImpl))), family: 'http:', known: c.http.map((h) => `http:${h.name}`) })),
    ]);
    const batches = parts.flat();
    // The checks took time; the verdicts are stamped when they are recorded.
    const result = recordCycle(db, batches, c, this.clock.now());
    for (const ch of result.changes) {
      const log = ch.transition === 'down' ? this.opts.log.warn.bind(this.opts.log) : this.opts.log.info.bind(this.opts.log);
      log({ check: ch.check, transition: ch.transition, outageId: ch.outageId, durationMs: ch.durationMs }, ch.message);
    }
    this.cycles++;
    this.lastCycle = {
      durationMs: performance.now() - started,
      samples: batches.reduce((n, b) => n + b.samples.length, 0),
      changes: result.changes,
      conflicts: result.conflicts,
    };
    return this.lastCycle;
  }
}
