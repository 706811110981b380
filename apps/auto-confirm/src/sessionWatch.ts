import { Loop, type Clock, type Logger, type Service } from '@architect/core';
import type { SessionConfirmer, Shot } from './sessionConfirmer';

/**
 * Drives one session's confirmer: a look whenever the observer read a screen of it (nudge), again as soon as the
 * confirmer asks (a key to press after the ignore window, a key to verify), and a slow sweep in
 * case every change signal was missed. Ticks never overlap; a failing look is logged and retried
 * with backoff by the Loop.
 */
export class SessionWatch implements Service {
  readonly name: string;
  private readonly loop: Loop;
  private wake = new AbortController();
  private nudged = false;
  private stepping = false;
  /** The newest screen the observer handed over since the last look (null: the session went). */
  private pending: Shot | null | undefined;

  constructor(
    readonly confirmer: SessionConfirmer,
    opts: { sweepMs: number; log: Logger; clock: Clock },
  ) {
    this.name = `watch:${confirmer.name}`;
    this.loop = new Loop({
      name: this.name,
      intervalMs: opts.sweepMs,
      log: opts.log.child({ session: confirmer.name }),
      clock: opts.clock,
      backoff: { baseMs: 500, maxMs: 10_000 },
      tick: async (signal) => {
        this.nudged = false;
        const given = this.pending;
        this.pending = undefined;
        this.stepping = true;
        let delay: number | undefined;
        try {
          delay = await confirmer.step(given);
        } finally {
          this.stepping = false;
        }
        if (delay === undefined) return false;
        if (this.nudged) return true;
        this.wake = new AbortController();
        await opts.clock.sleep(Math.max(0, delay), AbortSignal.any([signal, this.wake.signal]));
        return true;
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  /** A new screen was read (null: the session went; undefined: read one): look now. */
  nudge(shot?: Shot | null): void {
    // A screen without a dialog, while none is open and no look runs, is settled right here: a
    // busy agent's frames cost a hash compare (or a classification), not a loop cycle.
    if (shot && !this.stepping && this.pending === undefined && this.confirmer.settles(shot)) return;
    if (shot !== undefined) this.pending = shot;
    this.nudged = true;
    this.wake.abort();
    this.loop.nudge();
  }

  stop(): Promise<void> {
    this.wake.abort();
    return this.loop.stop();
  }
}
