import { Loop, systemClock, toError, type Clock, type FileConfig, type Logger, type Service } from '@architect/core';
import {
  DbChangeWatcher,
  claimTask,
  completeTask,
  failTask,
  markTaskCancelled,
  queueState,
  reapExpiredTasks,
  releaseTask,
  type ClaimedTask,
  type Db,
} from '@architect/db';
import { LeaseRenewer } from './leaseRenewer';
import { runTask, type RunOutcome } from './runTask';

export type TaskWorkerConfig = FileConfig['taskWorker'];

export interface TaskWorkerOptions {
  db: Db;
  log: Logger;
  /** Unique per process: a restarted worker must not pass for the one that died. */
  workerId: string;
  config: TaskWorkerConfig;
  /** Environment tasks inherit (their own env is merged over it). */
  env: NodeJS.ProcessEnv;
  /** Where a task that names no cwd runs. */
  defaultCwd: string;
  clock?: Clock;
  /** Watch the database for new work (off in tests that drive ticks by hand). */
  watch?: boolean;
}

type AbortWhy = 'cancel' | 'lost' | 'stop';

interface InFlight {
  task: ClaimedTask;
  renewer: LeaseRenewer;
  why: AbortWhy | undefined;
  abort(why: AbortWhy): void;
}

/** How often expired tasks that must not be re-claimed are settled. */
const REAP_EVERY_MS = 1000;

/**
 * Claims and runs tasks one at a time (several worker processes run under PM2). The loop runs
 * again at once while tasks remain; when idle it sleeps `pollMs` unless another process commits
 * (DbChangeWatcher), which nudges it.
 *
 * Graceful stop: the in-flight task may finish for `stopGraceMs`; after that its process group is
 * killed (SIGTERM, SIGKILL after `killGraceMs`) and the task is released to pending with the
 * attempt un-counted — the interruption was ours, not the task's. A task that fails while the
 * worker is stopping is released the same way (PM2 signals the task's tree along with the worker).
 */
export class TaskWorker implements Service {
  readonly name = 'task-worker';
  private readonly loop: Loop;
  private readonly watcher: DbChangeWatcher;
  private readonly clock: Clock;
  private current: InFlight | undefined;
  private nextReapAt = 0;
  readonly stats = { done: 0, retried: 0, failed: 0, cancelled: 0, released: 0, lost: 0 };

  constructor(private readonly opts: TaskWorkerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.loop = new Loop({
      name: 'task-worker',
      intervalMs: opts.config.pollMs,
      log: opts.log,
      clock: this.clock,
      backoff: { baseMs: opts.config.pollMs, maxMs: 30_000 },
      tick: (signal) => this.runOnce(signal).then((t) => t !== undefined),
    });
    this.watcher = new DbChangeWatcher({ db: opts.db, log: opts.log, onChange: () => this.onDbChange() });
  }

  start(): void {
    if (this.opts.watch !== false) this.watcher.start();
    this.loop.start();
  }

  /** Idempotent; resolves once the in-flight task has finished or been released. */
  async stop(): Promise<void> {
    this.watcher.stop();
    await this.loop.stop();
  }

  /** Shown in `architect workers`. */
  info(): Record<string, unknown> {
    return { taskId: this.current?.task.id ?? null, ...this.stats };
  }

  /** Run the next ready task, if any, to its end. Resolves with the task it claimed. */
  async runOnce(stop: AbortSignal): Promise<ClaimedTask | undefined> {
    if (stop.aborted) return undefined;
    const { db, config, workerId, log } = this.opts;
    const now = this.clock.now();
    const state = queueState(db, now);
    if (state.reapable && now >= this.nextReapAt) {
      this.nextReapAt = now + REAP_EVERY_MS;
      for (const r of reapExpiredTasks(db, now)) log.warn({ taskId: r.id, status: r.status }, 'settled an expired task');
    }
    if (!state.claimable) return undefined;
    const task = claimTask(db, workerId, config.leaseMs, now);
    if (!task) return undefined;
    await this.run(task, stop);
    return task;
  }

  private async run(task: ClaimedTask, stop: AbortSignal): Promise<void> {
    const { db, config, log } = this.opts;
    const controller = new AbortController();
    const inFlight: InFlight = {
      task,
      why: undefined,
      renewer: new LeaseRenewer({
        db,
        claim: task,
        leaseMs: config.leaseMs,
        clock: this.clock,
        log,
        onLost: () => inFlight.abort('lost'),
        onCancel: () => inFlight.abort('cancel'),
      }),
      abort(why) {
        if (this.why) return;
        this.why = why;
        controller.abort();
      },
    };
    // On shutdown, let the task run on for the grace period, then kill and release it.
    const finished = new AbortController();
    const onStop = () => {
      void this.clock.sleep(config.stopGraceMs, finished.signal).then(() => {
        if (!finished.signal.aborted) inFlight.abort('stop');
      });
    };
    if (stop.aborted) onStop();
    else stop.addEventListener('abort', onStop, { once: true });

    this.current = inFlight;
    inFlight.renewer.start();
    log.info({ taskId: task.id, type: task.type, attempt: task.attempts }, 'task started');
    let outcome: RunOutcome;
    try {
      outcome = await runTask({
        task,
        baseEnv: this.opts.env,
        defaultCwd: this.opts.defaultCwd,
        outputHeadBytes: config.outputHeadBytes,
        outputTailBytes: config.outputTailBytes,
        killGraceMs: config.killGraceMs,
        signal: controller.signal,
      });
    } finally {
      finished.abort();
      stop.removeEventListener('abort', onStop);
      await inFlight.renewer.stop();
      this.current = undefined;
    }
    let why = outcome.status === 'aborted' ? inFlight.why : undefined;
    // PM2 stops an app by signalling its whole process tree (treekill), so during a shutdown a task
    // can die of that signal before our grace runs out. Its failure is the shutdown's, not its own.
    if (!why && stop.aborted && !(outcome.status === 'exited' && outcome.exitCode === 0)) why = 'stop';
    this.record(task, outcome, why);
  }

  private record(task: ClaimedTask, outcome: RunOutcome, why: AbortWhy | undefined): void {
    const { db, config, log } = this.opts;
    const now = this.clock.now();
    const ctx = { taskId: task.id, attempt: task.attempts, exitCode: outcome.exitCode, signal: outcome.signal, durationMs: outcome.durationMs };
    const backoff = { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs };
    let written: unknown;
    if (why === 'lost') {
      this.stats.lost++;
      log.warn(ctx, 'task run dropped: its lease was lost');
      return;
    } else if (why === 'cancel') {
      written = markTaskCancelled(db, task, outcome, now);
      if (written) this.stats.cancelled++;
      log.info(ctx, 'task cancelled');
    } else if (why === 'stop') {
      written = releaseTask(db, task, now);
      if (written) this.stats.released++;
      log.info({ ...ctx, status: written }, 'task released on shutdown');
    } else if (outcome.status === 'exited' && outcome.exitCode === 0) {
      written = completeTask(db, task, outcome, now);
      if (written) this.stats.done++;
      log.info(ctx, 'task done');
    } else {
      const error = outcome.error ?? 'failed';
      written = failTask(db, task, outcome, { error, final: outcome.permanent, backoff }, now);
      if (written === 'pending') this.stats.retried++;
      if (written === 'failed') this.stats.failed++;
      log.warn({ ...ctx, error, status: written }, 'task failed');
    }
    if (!written) log.warn(ctx, 'task outcome not recorded: the claim was lost meanwhile');
  }

  private onDbChange(): void {
    this.loop.nudge();
    const current = this.current;
    if (!current) return;
    try {
      current.renewer.checkCancel();
    } catch (raw) {
      this.opts.log.warn({ err: toError(raw), taskId: current.task.id }, 'cancel check failed');
    }
  }
}
