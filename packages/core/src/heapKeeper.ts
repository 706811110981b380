import type { Logger } from './logger';
import type { Service } from './lifecycle';

const MB = 1024 * 1024;

export interface HeapKeeperOptions {
  log: Logger;
  /** How often the heap is looked at (ms). */
  checkMs?: number;
  /** A full collection runs once the heap has grown this much since the last one (MB). */
  growthMb?: number;
  /** The collector: `globalThis.gc` when node runs with --expose-gc (PM2 passes it); absent = off. */
  gc?: (() => void) | undefined;
  heapUsed?: () => number;
}

/**
 * Bounds the old generation's sawtooth in a daemon that allocates steadily. V8 runs a full
 * collection only once the old generation has grown by a factor of what the last one left: a
 * daemon reading screens all day promotes a few MB of short-lived screens a minute, so its heap
 * (and resident size) climbs for 5–10 minutes before the next one — garbage, yet it looks like
 * growth, and it is memory the process holds. Every `checkMs` this compares the heap with what the
 * last collection left and, past `growthMb`, runs a full collection (10–20 ms for a 25 MB heap).
 * Without --expose-gc it does nothing.
 */
export class HeapKeeper implements Service {
  readonly name = 'heap-keeper';
  /** Collections it ran (tests read it). */
  collections = 0;
  private timer: NodeJS.Timeout | undefined;
  private base = Number.POSITIVE_INFINITY;
  private readonly gc: (() => void) | undefined;
  private readonly heapUsed: () => number;

  constructor(private readonly opts: HeapKeeperOptions) {
    this.gc = 'gc' in opts ? opts.gc : (globalThis as { gc?: () => void }).gc;
    this.heapUsed = opts.heapUsed ?? (() => process.memoryUsage().heapUsed);
  }

  start(): void {
    if (!this.gc || this.timer) return;
    this.base = this.heapUsed();
    this.timer = setInterval(() => this.check(), this.opts.checkMs ?? 30_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One look (the timer's; tests call it). */
  check(): void {
    if (!this.gc) return;
    const used = this.heapUsed();
    // V8 collected by itself: the new low is the base.
    if (used < this.base) this.base = used;
    if (used - this.base < (this.opts.growthMb ?? 4) * MB) return;
    const started = performance.now();
    this.gc();
    this.collections++;
    this.base = this.heapUsed();
    this.opts.log.debug({ beforeMb: round(used), afterMb: round(this.base), ms: Math.round(performance.now() - started) }, 'full collection');
  }
}

function round(bytes: number): number {
  return Math.round((bytes / MB) * 10) / 10;
}
