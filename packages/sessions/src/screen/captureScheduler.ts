import { toError, type Logger } from '@architect/core';

interface Slot {
  timer: NodeJS.Timeout | undefined;
  inFlight: boolean;
  queued: boolean;
  /** A change arrived that no started capture has seen yet. */
  dirty: boolean;
  lastStart: number;
  /** When the latest change signal arrived (for `settleFor`). */
  lastSignal: number;
}

/** Settling keys' checks fall on this grid (ms). */
const SETTLE_GRID_MS = 50;

/**
 * Read a key's screen once its output pauses: a capture waits until no signal came for
 * `quietMs` (and the key's interval has passed), but never longer than `maxWaitMs` after the
 * previous capture started.
 */
export interface Settle {
  quietMs: number;
  maxWaitMs: number;
}

export interface CaptureSchedulerOptions {
  /** Capture these keys (one tmux process for all of them when possible). */
  run: (keys: string[]) => Promise<void>;
  /** Minimum time between two capture starts of one key. */
  intervalFor: (key: string) => number;
  /**
   * Keys whose screens are only worth reading once their output pauses (undefined: read on
   * every change, interval permitting). A spinner repainting without a pause then costs one
   * capture per `maxWaitMs` instead of one per interval.
   */
  settleFor?: (key: string) => Settle | undefined;
  /** Batches running at once (each is one tmux process). */
  maxConcurrent: number;
  /** Most keys in one batch. */
  maxBatch?: number;
  /**
   * Intervals at least this long have their due times rounded up to a grid of `alignGridMs`, so
   * the slow captures of many busy sessions fall due together and share one tmux process.
   */
  alignFromMs?: number;
  /** The grid (default: the interval itself). Finer = less added latency, fewer keys per batch. */
  alignGridMs?: number;
  log: Logger;
  now?: () => number;
}

/**
 * Coalesces change signals into captures: a key's first signal after a quiet spell captures at
 * once (low latency); signals during a capture or within the key's interval collapse into one
 * trailing capture, so the final screen of a burst is always read and a spinner repainting ten
 * times a second costs at most one capture per interval. Keys due at the same moment are
 * captured together (one tmux process for the batch).
 */
export class CaptureScheduler {
  private readonly slots = new Map<string, Slot>();
  private readonly queue: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private running = 0;
  private stopped = false;
  private pumpPending = false;
  private readonly now: () => number;

  constructor(private readonly opts: CaptureSchedulerOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** A change signal for the key; `at`: when the change happened, if known to be earlier than now. */
  request(key: string, at?: number): void {
    if (this.stopped) return;
    const slot = this.slot(key);
    slot.dirty = true;
    slot.lastSignal = Math.max(slot.lastSignal, Math.min(at ?? Number.POSITIVE_INFINITY, this.now()));
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
      slot = { timer: undefined, inFlight: false, queued: false, dirty: false, lastStart: Number.NEGATIVE_INFINITY, lastSignal: Number.NEGATIVE_INFINITY };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private schedule(key: string, slot: Slot): void {
    if (slot.inFlight || slot.queued || slot.timer) return;
    const interval = this.opts.intervalFor(key);
    const now = this.now();
    let due = slot.lastStart + interval;
    const settle = this.opts.settleFor?.(key);
    // Signals while waiting only move lastSignal: the timer re-checks when it fires (no timer
    // churn per signal).
    if (settle) due = Math.max(due, Math.min(slot.lastSignal + settle.quietMs, slot.lastStart + settle.maxWaitMs));
    if (due <= now) return this.enqueue(key, slot);
    if (settle) {
      // Every settling key re-checks on the same grid: one wake-up for all of them, not one each.
      due = Math.ceil(due / SETTLE_GRID_MS) * SETTLE_GRID_MS;
    } else if (interval >= (this.opts.alignFromMs ?? Number.POSITIVE_INFINITY)) {
      const grid = Math.min(interval, this.opts.alignGridMs ?? interval);
      due = Math.ceil(due / grid) * grid;
    }
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (this.stopped) return;
      if (settle) this.schedule(key, slot);
      else this.enqueue(key, slot);
    }, due - now);
  }

  private enqueue(key: string, slot: Slot): void {
    slot.queued = true;
    this.queue.push(key);
    // Timers due together fire one after another in the same timers phase: start the batch
    // after them (setImmediate), so they share it.
    if (this.pumpPending) return;
    this.pumpPending = true;
    setImmediate(() => {
      this.pumpPending = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.stopped && this.running < this.opts.maxConcurrent && this.queue.length) {
      const keys = this.queue.splice(0, this.opts.maxBatch ?? 16).filter((k) => this.slots.has(k));
      if (!keys.length) continue;
      const started = this.now();
      const slots = keys.map((k) => this.slots.get(k)!);
      for (const slot of slots) {
        slot.queued = false;
        slot.inFlight = true;
        slot.dirty = false;
        slot.lastStart = started;
      }
      this.running++;
      const p = this.opts
        .run(keys)
        .catch((raw) => this.opts.log.error({ err: toError(raw), sessions: keys }, 'capture failed'))
        .finally(() => {
          this.running--;
          this.inFlight.delete(p);
          keys.forEach((key, i) => {
            const slot = slots[i]!;
            slot.inFlight = false;
            if (slot.dirty && !this.stopped && this.slots.get(key) === slot) this.schedule(key, slot);
          });
          this.pump();
        });
      this.inFlight.add(p);
    }
  }
}
