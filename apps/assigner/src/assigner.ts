import { Loop, systemClock, toError, type AssignerConfig, type Clock, type Logger, type Service } from '@architect/core';
import type { Db } from '@architect/db';
import type { AgentCheck } from '@architect/sessions';
import { assignerTick } from './assignerTick';
import type { ScreenSource, Terminal } from './lookAtSession';
import { AssignerRuntime } from './runtime';

export interface AssignerOptions {
  db: Db;
  terminal: Terminal;
  /** The watcher's screen pipeline: looks reuse the screens it reads (none: each look captures). */
  screens?: ScreenSource;
  listTmuxSessions: () => Promise<string[]>;
  config: AssignerConfig;
  log: Logger;
  clock?: Clock;
  /** Process truth before typing (paneAgentCheck); without it only the screen is checked. */
  checkAgent?: AgentCheck;
}

/**
 * The assigner daemon's work loop. Ticks never overlap; `nudge()` (a commit by another process,
 * a delivery finishing) runs the next one at once, so a queued prompt meets a free session within
 * milliseconds; `pollMs` is only the fallback. `stop()` waits for deliveries in flight: a delivery
 * cut short is safe anyway (reconcile.ts), but finishing it is quicker.
 */
export class Assigner implements Service {
  readonly name = 'assigner';
  readonly runtime = new AssignerRuntime();
  private readonly loop: Loop;
  private readonly clock: Clock;
  private stopping = false;
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: AssignerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.loop = new Loop({
      name: 'assigner',
      intervalMs: opts.config.pollMs,
      log: opts.log,
      clock: this.clock,
      backoff: { baseMs: 200, maxMs: 5000 },
      tick: () => this.tick(),
    });
  }

  start(): void {
    this.loop.start();
  }

  nudge(): void {
    this.loop.nudge();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.wakeTimer);
    await this.loop.stop();
    await this.idle();
  }

  /** One pass and everything it started (`--once`). */
  async runOnce(): Promise<void> {
    await this.tick();
    await this.idle();
    // Deliveries that finished may have freed sessions or shown completions.
    await this.tick();
    await this.idle();
  }

  /** Resolves when no delivery or reconcile is running. */
  async idle(): Promise<void> {
    while (this.runtime.tasks.size > 0) await Promise.allSettled([...this.runtime.tasks.values()]);
  }

  info(): Record<string, unknown> {
    const rt = this.runtime;
    return {
      delivering: [...rt.typingInto],
      tasks: rt.tasks.size,
      delivered: rt.delivered,
      completed: rt.completed,
      ticks: rt.ticks,
    };
  }

  private async tick(): Promise<boolean> {
    const more = await this.runTick();
    this.scheduleWake();
    return more;
  }

  /** Something falls due before the fallback poll (a timeout, a throttled screen check): wake then. */
  private scheduleWake(): void {
    clearTimeout(this.wakeTimer);
    const at = this.runtime.wakeAt;
    if (at === undefined || this.stopping) return;
    const delay = Math.max(1, at - this.clock.now());
    if (delay >= this.opts.config.pollMs) return;
    this.wakeTimer = setTimeout(() => this.loop.nudge(), delay);
    this.wakeTimer.unref();
  }

  private runTick(): Promise<boolean> {
    const { db, terminal, screens, config, log, listTmuxSessions } = this.opts;
    return assignerTick(
      {
        db,
        terminal,
        screens,
        clock: this.clock,
        log,
        config,
        listTmuxSessions,
        checkAgent: this.opts.checkAgent,
        settleMs: config.settleMs,
        settings: {
          enterDelayMs: config.enterDelayMs,
          enterRetries: config.enterRetries,
          literalMaxBytes: config.literalMaxBytes,
          confirmTimeoutMs: config.confirmTimeoutMs,
          retryDelayMs: config.retryDelayMs,
        },
        spawn: (promptId, session, work) => this.spawn(promptId, session, work),
      },
      this.runtime,
    );
  }

  private spawn(promptId: number, session: string | null, work: () => Promise<void>): void {
    const rt = this.runtime;
    const task = (async () => {
      try {
        await work();
      } catch (raw) {
        // The prompt stays where its last committed step left it; the next tick reconciles it.
        this.opts.log.error({ err: toError(raw), promptId, session }, 'delivery task failed');
      } finally {
        rt.tasks.delete(promptId);
        if (session) rt.typingInto.delete(session);
        if (!this.stopping) this.loop.nudge();
      }
    })();
    rt.tasks.set(promptId, task);
  }
}
