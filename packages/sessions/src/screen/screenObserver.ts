import fs from 'node:fs';
import { systemClock, toError, type Clock, type Service } from '@architect/core';
import { TmuxServerNotRunningError, TmuxSessionGoneError } from '@architect/tmux';
import { paneKey, paneLogPath } from '../paths';
import { trimPaneLog } from '../watcher/panePipe';
import { CaptureScheduler } from './captureScheduler';
import { PanePoll } from './panePoll';
import { screenTextHash } from './observeScreen';
import type { ScreenEvent, ScreenObserverOptions, ScreenShot } from './screenObserverTypes';
import { WindowActivityPoller } from './windowActivityPoller';

export type { ScreenEvent, ScreenObserverOptions, ScreenShot } from './screenObserverTypes';

/** More than a timer tick of the kernel's coarse clock, which stamps file times. */
const MTIME_SLACK_MS = 20;

interface Entry {
  last: ScreenShot | undefined;
  inFlight: { startedAt: number; shot: Promise<ScreenShot> } | undefined;
  /** When the latest change signal (output, a poll, a request) for it arrived. */
  signalAt: number;
  outputEvents: number;
}

const DEFAULT_POLL_MS = 50;
const DEFAULT_PANE_LOG_MAX_BYTES = 1 << 20;

/**
 * The one screen pipeline of a process: the pane-change signal in, captures out. Pane output
 * (inotify on the pane files) and the window-activity fallback ask for a capture; captures are
 * coalesced per session by the owner's interval (CaptureScheduler: the first change of a quiet
 * pane is read at once, a burst costs one capture per interval plus a trailing one), and every
 * capture — scheduled or asked for with `read()` — goes to every listener as a ScreenShot
 * carrying the screen, its width and its hash. Nobody in the process captures the same screen
 * twice: `read()` hands back the last shot while the pane has drawn nothing since it was taken
 * (its pane file is older), joins a capture already under way, and a scheduled capture whose
 * change a read already covered is skipped.
 *
 * Sessions the owner polls (`pollFor`: busy agents) cost no wake-up per frame: their pane
 * notifications are muted, and one timer on a shared grid looks at their pane files' mtimes and
 * asks for a capture of those that drew. A spinner repainting ten times a second otherwise wakes
 * the process ten times a second for captures its interval defers anyway.
 */
export class ScreenObserver implements Service {
  readonly name = 'screen-observer';
  /** Captures made (benchmarks and tests read it). */
  captures = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(e: ScreenEvent) => void>();
  private readonly scheduler: CaptureScheduler;
  private readonly poller: WindowActivityPoller | undefined;
  private readonly clock: Clock;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  private readonly poll: PanePoll | undefined;

  constructor(private readonly opts: ScreenObserverOptions) {
    this.clock = opts.clock ?? systemClock;
    this.scheduler = new CaptureScheduler({
      run: (names) => this.scheduled(names),
      intervalFor: opts.intervalFor,
      ...(opts.settleFor ? { settleFor: opts.settleFor } : {}),
      maxConcurrent: opts.maxConcurrent ?? 2,
      ...(opts.alignFromMs !== undefined ? { alignFromMs: opts.alignFromMs } : {}),
      ...(opts.alignGridMs !== undefined ? { alignGridMs: opts.alignGridMs } : {}),
      log: opts.log,
      now: () => this.clock.now(),
    });
    if (opts.activity && opts.panesDir && opts.pollFor) {
      this.poll = new PanePoll({
        activity: opts.activity,
        panesDir: opts.panesDir,
        pollFor: opts.pollFor,
        pollMs: opts.pollMs ?? DEFAULT_POLL_MS,
        paneLogMaxBytes: opts.paneLogMaxBytes ?? DEFAULT_PANE_LOG_MAX_BYTES,
        clock: this.clock,
        drewSinceShot: (session) => {
          const e = this.entries.get(session);
          return !e?.last || !this.current(session, e, e.last.at);
        },
        onDraw: (session, drewAt) => this.request(session, drewAt),
      });
    }
    if (opts.fallback) {
      this.poller = new WindowActivityPoller({
        driver: opts.driver,
        sessions: opts.fallback.sessions,
        onChange: (session) => this.request(session),
        pollMs: opts.fallback.pollMs,
        log: opts.log,
        clock: this.clock,
      });
    }
  }

  /** Every shot and every session found gone; returns an unsubscribe. */
  on(listener: (e: ScreenEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.unsubscribe || this.stopped) return;
    this.unsubscribe = this.opts.activity?.on((e) => {
      if (e.kind === 'output') this.onOutput(e.key);
    });
    this.poller?.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.poll?.stop();
    for (const session of this.entries.keys()) this.opts.activity?.unfollow(paneKey(session));
    await Promise.all([this.poller?.stop(), this.scheduler.stop()]);
    this.listeners.clear();
  }

  /** Hear this session's pane from now on (any request or read of it does too). */
  follow(session: string): void {
    this.entry(session);
  }

  /**
   * Something may have changed on this session's screen: capture it soon (coalesced). `drewAt`:
   * when it drew, if known (a polled pane file's mtime).
   */
  request(session: string, drewAt?: number): void {
    this.entry(session).signalAt = this.clock.now();
    this.scheduler.request(session, drewAt);
  }

  /** The session's interval just got shorter: a capture waiting out the old one is due sooner. */
  expedite(session: string): void {
    if (this.entries.has(session)) this.poll?.reconsider(session);
    this.scheduler.expedite(session);
  }

  /** The session is no longer followed. */
  forget(session: string): void {
    this.scheduler.forget(session);
    this.entries.delete(session);
    this.poll?.forget(session);
    this.opts.activity?.unfollow(paneKey(session));
  }

  /** The last shot of a session, however old. */
  latest(session: string): ScreenShot | undefined {
    return this.entries.get(session)?.last;
  }

  /** When the session's pane last drew (its pane file's mtime); undefined without pane files. */
  lastChange(session: string): number | undefined {
    if (!this.opts.panesDir) return undefined;
    try {
      return fs.statSync(paneLogPath(this.opts.panesDir, session)).mtimeMs;
    } catch {
      return undefined;
    }
  }

  /**
   * The screen as it is now, taken no earlier than `since`: the last shot when the pane has drawn
   * nothing since it was taken, a capture already under way, or a new capture (which every
   * listener receives too). Throws TmuxSessionGoneError / TmuxServerNotRunningError.
   */
  read(session: string, opts: { since?: number } = {}): Promise<ScreenShot> {
    const e = this.entry(session);
    const since = opts.since ?? Number.NEGATIVE_INFINITY;
    if (e.last && e.last.at >= since && this.current(session, e, e.last.at)) return Promise.resolve(e.last);
    if (e.inFlight && e.inFlight.startedAt >= since && e.inFlight.startedAt > e.signalAt) return e.inFlight.shot;
    return this.capture(session, e);
  }

  /**
   * Nothing drew on the pane, and no change signal came, since `at`. A file's mtime is the
   * kernel's coarse clock (a timer tick, up to 10 ms behind the real time), so a draw that
   * closely before the capture started may as well have been after it.
   */
  private current(session: string, e: Entry, at: number): boolean {
    if (e.signalAt >= at) return false;
    const drewAt = this.lastChange(session);
    return drewAt !== undefined && drewAt + MTIME_SLACK_MS < at;
  }

  private onOutput(key: string): void {
    const session = this.opts.sessionOfKey(key);
    if (session === undefined) return this.opts.onUntracked?.(key);
    const e = this.entry(session);
    // A pane spewing output (a build log) must not grow its file until the next scan.
    if (this.opts.panesDir && ++e.outputEvents % 500 === 0) trimPaneLog(this.opts.panesDir, session, this.opts.paneLogMaxBytes ?? DEFAULT_PANE_LOG_MAX_BYTES);
    this.request(session);
  }

  /** The scheduler's batch: sessions whose change a read already covered are skipped. */
  private async scheduled(sessions: string[]): Promise<void> {
    await Promise.all(
      sessions.map(async (session) => {
        const e = this.entry(session);
        if (e.last && e.last.at > e.signalAt) return;
        if (e.inFlight && e.inFlight.startedAt > e.signalAt) return void (await e.inFlight.shot.catch(() => undefined));
        await this.capture(session, e).catch((raw) => {
          if (!isGone(raw)) throw raw;
        });
      }),
    );
  }

  private capture(session: string, e: Entry): Promise<ScreenShot> {
    const startedAt = this.clock.now();
    const shot = this.opts.driver.screen(session, { escapes: this.opts.escapesFor?.(session) ?? false }).then(
      (screen) => {
        this.captures++;
        const hash = screenTextHash(screen.text);
        const prev = e.last;
        const s: ScreenShot = { kind: 'screen', text: screen.text, raw: screen.raw, width: screen.width, session, hash, at: startedAt, changed: prev?.hash !== hash };
        // A slower capture that started earlier never replaces a newer one.
        if (!prev || prev.at <= startedAt) e.last = s;
        this.emit(s);
        if (this.entries.get(session) === e) this.poll?.reconsider(session);
        return s;
      },
      (raw: unknown) => {
        if (isGone(raw)) {
          e.last = undefined;
          this.emit({ kind: 'gone', session, at: startedAt });
        }
        throw raw;
      },
    );
    const flight = { startedAt, shot };
    e.inFlight = flight;
    void shot.then(
      () => this.settle(e, flight),
      () => this.settle(e, flight),
    );
    return shot;
  }

  private settle(e: Entry, flight: Entry['inFlight']): void {
    if (e.inFlight === flight) e.inFlight = undefined;
  }

  private emit(event: ScreenEvent): void {
    if (this.stopped) return;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (raw) {
        this.opts.log.error({ err: toError(raw), session: event.session }, 'screen listener failed');
      }
    }
  }

  private entry(session: string): Entry {
    let e = this.entries.get(session);
    if (!e) {
      e = { last: undefined, inFlight: undefined, signalAt: Number.NEGATIVE_INFINITY, outputEvents: 0 };
      this.entries.set(session, e);
      if (!this.stopped) this.opts.activity?.follow(paneKey(session));
    }
    return e;
  }
}

function isGone(raw: unknown): boolean {
  return raw instanceof TmuxSessionGoneError || raw instanceof TmuxServerNotRunningError;
}
