import type { Logger } from './logger';
import { systemClock, type Clock } from './clock';
import { toError } from './errors';

export interface LoopOptions {
  name: string;
  /** One pass of work. Return true when more work remains: the loop runs again at once. */
  tick: (signal: AbortSignal) => Promise<boolean | void>;
  /** Sleep between idle ticks (the slow fallback poll). */
  intervalMs: number;
  log: Logger;
  clock?: Clock;
  /** After failures the sleep grows from baseMs, doubling up to maxMs. */
  backoff?: { baseMs: number; maxMs: number };
}

/**
 * A loop whose ticks never overlap: each tick is awaited before the next sleep starts. `nudge()`
 * cuts the current sleep short (or, mid-tick, makes the next tick start at once). A failing tick
 * is logged and counted, never fatal; consecutive failures back off.
 */
export class Loop {
  private readonly opts: LoopOptions;
  private readonly clock: Clock;
  private running: Promise<void> | undefined;
  private readonly stopController = new AbortController();
  private wake = new AbortController();
  private nudged = false;
  failures = 0;
  ticks = 0;

  constructor(opts: LoopOptions) {
    this.opts = opts;
    this.clock = opts.clock ?? systemClock;
  }

  start(): void {
    if (this.running || this.stopController.signal.aborted) return;
    this.running = this.run();
  }

  nudge(): void {
    this.nudged = true;
    this.wake.abort();
  }

  /** Idempotent; resolves once the in-flight tick has finished. */
  async stop(): Promise<void> {
    this.stopController.abort();
    this.wake.abort();
    await this.running;
  }

  get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private async run(): Promise<void> {
    const { log, tick, intervalMs, backoff } = this.opts;
    const stop = this.stopController.signal;
    let consecutive = 0;
    while (!stop.aborted) {
      this.nudged = false;
      let more = false;
      try {
        this.ticks++;
        more = (await tick(stop)) === true;
        consecutive = 0;
      } catch (raw) {
        const err = toError(raw);
        consecutive++;
        this.failures++;
        log.error({ err, loop: this.opts.name, consecutive }, 'loop tick failed');
      }
      if (stop.aborted) break;
      if ((more || this.nudged) && consecutive === 0) continue;
      const delay =
        consecutive > 0 && backoff
          ? Math.min(backoff.maxMs, backoff.baseMs * 2 ** (consecutive - 1))
          : intervalMs;
      this.wake = new AbortController();
      if (this.nudged && consecutive === 0) continue;
      await this.clock.sleep(delay, AbortSignal.any([stop, this.wake.signal]));
    }
  }
}
