import fs from 'node:fs';
import path from 'node:path';
import { toError, type Logger } from '@architect/core';
import { paneKey } from '@architect/sessions';
import type { TmuxDriver } from '@architect/tmux';

export interface ScreenFeedDeps {
  tmux: TmuxDriver;
  log: Logger;
  /** Where the sessions watcher pipes each pane's output (`data/panes/<session>.out`). */
  panesDir: string;
  /** Capture at most this often while the pane is writing. */
  minIntervalMs?: number;
  /** Capture this often when no output signal comes (no watcher piping the pane). */
  fallbackMs?: number;
}

/**
 * The selected session's screen, read-only: a capture-pane through the tmux driver whenever the
 * pane writes output (the sessions watcher's pipe file grows), at most every `minIntervalMs`,
 * plus a slow fallback (10 s) for panes nobody pipes. An idle pane therefore costs next to nothing;
 * a busy one a few captures a second.
 */
export class ScreenFeed {
  private session: string | undefined;
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastCapture = 0;
  private lastScreen = '';
  private inFlight = false;
  private stopped = false;
  private listener: (session: string, screen: string) => void = () => {};

  constructor(private readonly deps: ScreenFeedDeps) {}

  onScreen(listener: (session: string, screen: string) => void): void {
    this.listener = listener;
  }

  start(): void {
    try {
      fs.mkdirSync(this.deps.panesDir, { recursive: true });
      this.watcher = fs.watch(this.deps.panesDir, { persistent: false }, (_e, file) => {
        if (this.session && file === `${paneKey(this.session)}.out`) this.captureSoon();
      });
      this.watcher.on('error', (raw) => {
        this.deps.log.warn({ err: toError(raw) }, 'terminal: pane output watch failed; using the fallback');
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (raw) {
      this.deps.log.warn({ err: toError(raw), dir: this.deps.panesDir }, 'terminal: cannot watch pane output; using the fallback');
    }
  }

  /** Show another session (or none); captures it at once. */
  select(session: string | undefined): void {
    if (session === this.session) return;
    this.session = session;
    this.lastCapture = 0;
    this.lastScreen = '';
    this.captureSoon();
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    clearTimeout(this.timer);
  }

  private captureSoon(): void {
    if (this.stopped || !this.session) return;
    const wait = Math.max(0, this.lastCapture + (this.deps.minIntervalMs ?? 200) - Date.now());
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.capture(), wait);
  }

  private async capture(): Promise<void> {
    const session = this.session;
    if (this.stopped || !session) return;
    if (this.inFlight) return this.captureSoon();
    this.inFlight = true;
    this.lastCapture = Date.now();
    try {
      const screen = await this.deps.tmux.capture(session);
      // An unchanged screen is not drawn again: a redraw costs far more than the capture.
      if (!this.stopped && session === this.session && screen !== this.lastScreen) {
        this.lastScreen = screen;
        this.listener(session, screen);
      }
    } catch (raw) {
      if (!this.stopped && session === this.session) this.listener(session, `(cannot read the screen: ${toError(raw).message})`);
    } finally {
      this.inFlight = false;
    }
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.capture(), this.deps.fallbackMs ?? 10_000);
    this.timer.unref();
  }
}
