import { toError, type Logger } from '@architect/core';

interface Slot {
  timer: NodeJS.Timeout | undefined;
  inFlight: boolean;
  queued: boolean;
  /** A change arrived that no started capture has seen yet. */
  dirty: boolean;
  lastStart: number;
}

export interface CaptureSchedulerOptions {
  run: (key: string) => Promise<void>;
  /** Minimum time between two capture starts of one key. */
  intervalFor: (key: string) => number;
  /** Captures running at once across all keys (each is a tmux process). */
  maxConcurrent: number;
  log: Logger;
  now?: () => number;
}

/**
 * Coalesces change signals into captures: a key's first signal after a quiet spell captures at
 * once (low latency); signals during a capture or within the key's interval collapse into one
 * trailing capture, so the final screen of a burst is always read and a spinner repainting ten
 * times a second costs at most one capture per interval.
 */
export class CaptureScheduler {
  private readonly slots = new Map<string, Slot>();
  private readonly queue: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private running = 0;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly opts: CaptureSchedulerOptions) {
    this.now = opts.now ?? Date.now;
  }

  request(key: string): void {
    if (this.stopped) return;
    const slot = this.slot(key);
    slot.dirty = true;
    this.schedule(key, slot);
  }

  /**
   * The key's interval just got shorter (its state changed, e.g. a hook reported a dialog): a
   * capture waiting out the old, longer interval is rescheduled against the new one.
   */
  expedite(key: string): void {
    const slot = this.slots.get(key);
    if (!slot?.timer || this.stopped) return;
    clearTimeout(slot.timer);
    slot.timer = undefined;
    this.schedule(key, slot);
  }

  forget(key: string): void {
    const slot = this.slots.get(key);
    if (slot?.timer) clearTimeout(slot.timer);
    this.slots.delete(key);
  }

  /** Cancel pending captures and wait for the running ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
    this.queue.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  private slot(key: string): Slot {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { timer: undefined, inFlight: false, queued: false, dirty: false, lastStart: Number.NEGATIVE_INFINITY };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private schedule(key: string, slot: Slot): void {
    if (slot.inFlight || slot.queued || slot.timer) return;
    const wait = slot.lastStart + this.opts.intervalFor(key) - this.now();
    if (wait <= 0) return this.enqueue(key, slot);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (!this.stopped) this.enqueue(key, slot);
    }, wait);
  }

  private enqueue(key: string, slot: Slot): void {
    slot.queued = true;
    this.queue.push(key);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.running < this.opts.maxConcurrent && this.queue.length) {
      const key = this.queue.shift()!;
      const slot = this.slots.get(key);
      if (!slot) continue;
      slot.queued = false;
      slot.inFlight = true;
      slot.dirty = false;
      slot.lastStart = this.now();
      this.running++;
      const p = this.opts
        .run(key)
        .catch((raw) => this.opts.log.error({ err: toError(raw), session: key }, 'capture failed'))
        .finally(() => {
          this.running--;
          this.inFlight.delete(p);
          slot.inFlight = false;
          if (slot.dirty && !this.stopped && this.slots.get(key) === slot) this.schedule(key, slot);
          this.pump();
        });
      this.inFlight.add(p);
    }
  }
}
