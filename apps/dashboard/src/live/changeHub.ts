import crypto from 'node:crypto';
import type { Response } from 'express';
import { toError, type Logger, type Service } from '@architect/core';

export interface ChangeEvent {
  id: string;
  seq: number;
  data: string;
}

export interface ChangeHubOptions {
  /** Builds the event payload (a small summary of the tables) when something changed. */
  snapshot: () => unknown;
  log: Logger;
  /** Changes closer together than this become one event. */
  coalesceMs?: number;
  heartbeatMs?: number;
  maxClients?: number;
  keep?: number;
}

/**
 * Server-sent events driven by the database's change signal (DbChangeWatcher for other
 * processes' commits, `poke()` for our own). Event ids are `<epoch>-<seq>`: a client that
 * reconnects with Last-Event-ID gets the events it missed from a short ring buffer, or a
 * `resync` event (the current snapshot) when they are gone or the server restarted, so a page
 * never misses a change silently.
 */
export class ChangeHub implements Service {
  readonly name = 'change-hub';
  private readonly epoch = crypto.randomBytes(4).toString('hex');
  private seq = 0;
  private readonly buffer: ChangeEvent[] = [];
  /** Each client with a check that its login session still exists (checked before every event). */
  private readonly clients = new Map<Response, () => boolean>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: ChangeHubOptions) {}

  start(): void {
    this.heartbeat = setInterval(() => {
      for (const res of this.clients.keys()) res.write(': keep-alive\n\n');
    }, this.opts.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    for (const res of this.clients.keys()) res.end();
    this.clients.clear();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Something changed: publish one event soon (coalesced). */
  poke(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, this.opts.coalesceMs ?? 150);
    this.timer.unref();
  }

  /** Attach an SSE response; replays what `lastEventId` missed. Returns false when full. */
  attach(res: Response, lastEventId: string | undefined, stillValid: () => boolean = () => true): boolean {
    if (this.stopped || this.clients.size >= (this.opts.maxClients ?? 64)) return false;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 2000\n\n');
    this.clients.set(res, stillValid);
    res.on('close', () => this.clients.delete(res));
    const missed = this.missedSince(lastEventId);
    if (missed === undefined) this.send(res, { id: this.currentId(), seq: this.seq, data: this.snapshotJson() }, 'resync');
    else for (const e of missed) this.send(res, e, 'change');
    return true;
  }

  private missedSince(lastEventId: string | undefined): ChangeEvent[] | undefined {
    if (!lastEventId) return undefined;
    const [epoch, seqText] = lastEventId.split('-');
    const seq = Number(seqText);
    if (epoch !== this.epoch || !Number.isInteger(seq) || seq > this.seq) return undefined;
    if (seq === this.seq) return [];
    const first = this.buffer[0];
    if (!first || first.seq > seq + 1) return undefined;
    return this.buffer.filter((e) => e.seq > seq);
  }

  private currentId(): string {
    return `${this.epoch}-${this.seq}`;
  }

  private snapshotJson(): string {
    try {
      return JSON.stringify(this.opts.snapshot());
    } catch (raw) {
      this.opts.log.error({ err: toError(raw) }, 'snapshot failed');
      return '{}';
    }
  }

  private publish(): void {
    if (this.stopped) return;
    this.seq += 1;
    const event = { id: this.currentId(), seq: this.seq, data: this.snapshotJson() };
    this.buffer.push(event);
    if (this.buffer.length > (this.opts.keep ?? 100)) this.buffer.shift();
    for (const [res, stillValid] of this.clients) {
      // A stream opened before a logout (or an idle expiry) must not outlive its session.
      if (!stillValid()) {
        this.clients.delete(res);
        res.end();
        continue;
      }
      this.send(res, event, 'change');
    }
  }

  private send(res: Response, e: ChangeEvent, type: string): void {
    res.write(`id: ${e.id}\nevent: ${type}\ndata: ${e.data}\n\n`);
  }
}
