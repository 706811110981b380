import { Loop, sessionAlertsSchema, systemClock, type Clock, type Logger, type Service, type SessionAlertOptions, type SessionOptions } from '@architect/core';
import { getSession, type Db, type ScreenSignal, type SessionState } from '@architect/db';
import { composerNeedsEscapes, type TmuxDriver } from '@architect/tmux';
import { identityResolver, type IdentityOf } from '../process/paneAgentCheck';
import { ScreenObserver } from '../screen/screenObserver';
import { EpisodeAlerts } from './episodeAlerts';
import { HookCatchUp } from './hookCatchUp';
import { PaneActivity } from './paneActivity';
import { ProcessWatch } from './processWatch';
import { runScanPass } from './scanPass';
import { captureIntervalFor, ScreenReader } from './screenReader';
import { Listeners, type SessionStateChange, type SessionTurnEnd } from './sessionEvents';
import { StateReporter } from './stateReporter';
import { TrackedSessions } from './trackedSessions';

export type WatcherOptions = Pick<
  SessionOptions,
  'captureIntervalMs' | 'busyCaptureIntervalMs' | 'scanIntervalMs' | 'activityWriteMs' | 'paneLogMaxBytes' | 'idleGraceMs'
> &
  Partial<Pick<SessionOptions, 'hookedBusyCaptureIntervalMs'>>;

export interface SessionWatcherDeps {
  db: Db;
  driver: TmuxDriver;
  log: Logger;
  clock?: Clock;
  /** data/panes under ARCHITECT_HOME. */
  panesDir: string;
  options: WatcherOptions;
  /** Share one PaneActivity between services; by default the watcher owns its own. */
  activity?: PaneActivity;
  /** Capture batches running at once. */
  maxConcurrentCaptures?: number;
  /** Which process is each session's agent (from the config's commands); default: by provider. */
  identityOf?: IdentityOf;
  /** Where the process table is (tests). */
  procRoot?: string;
  /** Alerts for sessions stuck in a state (defaults: the config section's). */
  alerts?: SessionAlertOptions;
}

export interface WatcherStats {
  captures: number;
  unchangedCaptures: number;
  stateWrites: number;
  activityWrites: number;
  scans: number;
  outputEvents: number;
  hookEvents: number;
}

/**
 * Keeps every managed session's state current, cheaply. Each managed pane's output is piped
 * (tmux pipe-pane) into data/panes/<session>.out; an inotify watch on each file says which
 * pane changed, and only that pane is captured — at most once per capture interval, with a
 * trailing capture so the final screen of a burst is always read. A busy session's watch is
 * muted and its file's mtime polled on the busy captures' grid instead. The capturing is the process's
 * ScreenObserver (`screens`), which the assigner reads through as well: every screen either of
 * them captures reaches the watcher, and neither captures a screen the other just read. A capture is classified and
 * written only when its signal changed, so a spinner repainting its elapsed time costs no
 * database write (last_activity is written at most every activityWriteMs). `architect hook`
 * touches data/panes/signals/<session>.hook after recording an event, which turns into a turn-end
 * and/or state-change notification here. A slow scan re-lists tmux (gone sessions, unarmed
 * pipes, panes whose tmux activity moved without an event) and catches up on hook events.
 * Idle sessions cost nothing between scans.
 *
 * Process truth comes first (ProcessWatch): a session whose agent is no longer the pane's
 * foreground is `exited`, whatever its screen shows. Sessions stuck in a state raise one alert
 * per episode (EpisodeAlerts, on each scan).
 *
 * This class only wires the parts together and routes pane events: ScreenObserver (captures), ScreenReader (their classification),
 * HookCatchUp (hook events), runScanPass (the slow pass), StateReporter (state-change events).
 */
export class SessionWatcher implements Service {
  readonly name = 'session-watcher';
  readonly stats: WatcherStats = { captures: 0, unchangedCaptures: 0, stateWrites: 0, activityWrites: 0, scans: 0, outputEvents: 0, hookEvents: 0 };
  private readonly clock: Clock;
  private readonly tracked = new TrackedSessions();
  /** The process's one screen pipeline: share it (the assigner's looks go through it). */
  readonly screens: ScreenObserver;
  private readonly activity: PaneActivity;
  private readonly ownsActivity: boolean;
  private readonly loop: Loop;
  private readonly stateListeners: Listeners<SessionStateChange>;
  private readonly turnListeners: Listeners<SessionTurnEnd>;
  private readonly hooks: HookCatchUp;
  private unsubscribe: (() => void) | undefined;
  private lastUnknownNudge = 0;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly deps: SessionWatcherDeps) {
    const { db, driver, log, panesDir, options } = deps;
    const clock = (this.clock = deps.clock ?? systemClock);
    const tracked = this.tracked;
    const stats = this.stats;
    const isStopping = () => this.stopping !== undefined;
    this.ownsActivity = !deps.activity;
    this.activity = deps.activity ?? new PaneActivity({ dir: panesDir, log });
    this.stateListeners = new Listeners(log, 'state');
    this.turnListeners = new Listeners(log, 'turn');
    const reporter = new StateReporter({ db, log, clock, options, tracked, listeners: this.stateListeners, isStopping });
    const processes = new ProcessWatch({ db, log, clock, reporter, identityOf: deps.identityOf ?? identityResolver(), idleGraceMs: options.idleGraceMs, procRoot: deps.procRoot });
    const alerts = new EpisodeAlerts({ db, log, clock, tracked, options: deps.alerts ?? sessionAlertsSchema.parse({}) });
    const alignFromMs = Math.min(options.busyCaptureIntervalMs, options.hookedBusyCaptureIntervalMs ?? Infinity);
    const alignGridMs = Math.max(options.captureIntervalMs, Math.round(options.busyCaptureIntervalMs / 2));
    const reader = new ScreenReader({ db, clock, options, stats, tracked, reporter, processes, isStopping });
    const screens = (this.screens = new ScreenObserver({
      driver,
      log,
      clock,
      activity: this.activity,
      panesDir,
      paneLogMaxBytes: options.paneLogMaxBytes,
      sessionOfKey: (key) => tracked.withKey(key)?.name,
      onUntracked: () => this.nudgeForUnknown(),
      // The assigner reads the composer of these through the same screens.
      escapesFor: (name) => {
        const t = tracked.get(name);
        return t ? composerNeedsEscapes(t.provider) : true;
      },
      intervalFor: (name) => captureIntervalFor(tracked.get(name), options),
      // Busy sessions are captured on a grid anyway: their spinners' frames need not wake us.
      pollFor: (name) => captureIntervalFor(tracked.get(name), options) >= alignFromMs,
      pollMs: alignGridMs,
      maxConcurrent: deps.maxConcurrentCaptures ?? 2,
      // Busy sessions' slow captures fall due together and share one tmux process.
      alignFromMs,
      alignGridMs,
    }));
    screens.on((e) => reader.onScreen(e));
    this.hooks = new HookCatchUp({
      db,
      clock,
      options,
      tracked,
      reporter,
      turnListeners: this.turnListeners,
      expedite: (name) => screens.expedite(name),
      isStopping,
    });
    const scanDeps = {
      db, driver, log, clock, panesDir, options, stats, tracked, reporter,
      hooks: this.hooks,
      processes,
      alerts,
      requestCapture: (name: string) => screens.request(name),
      forget: (name: string) => screens.forget(name),
      isStopping,
    };
    this.loop = new Loop({ name: 'session-scan', tick: () => runScanPass(scanDeps), intervalMs: options.scanIntervalMs, log, clock });
  }

  /** "This session turned busy / idle / waiting_input / gone." */
  onStateChange(fn: (e: SessionStateChange) => void): () => void {
    return this.stateListeners.add(fn);
  }

  /** "This session finished its turn, with the response" (Stop / StopFailure hooks). */
  onTurnEnd(fn: (e: SessionTurnEnd) => void): () => void {
    return this.turnListeners.add(fn);
  }

  /** Rescan now (e.g. right after sessions were started). */
  nudge(): void {
    this.loop.nudge();
  }

  /** Capture one session now (coalesced like any other change signal). */
  refresh(session: string): void {
    if (this.tracked.has(session)) this.screens.request(session);
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    this.hooks.startAtLatest();
    this.unsubscribe = this.activity.on((e) => {
      if (e.kind === 'output') this.stats.outputEvents++;
      else if (e.kind === 'hook') this.onHookPoke(e.key);
      else if (!this.tracked.hasKey(e.key)) this.nudgeForUnknown();
    });
    this.screens.start();
    if (this.ownsActivity) this.activity.start();
    this.loop.start();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.unsubscribe?.();
      await this.loop.stop();
      await this.screens.stop();
      for (const t of this.tracked.values()) clearTimeout(t.recheck);
      if (this.ownsActivity) this.activity.stop();
      this.stateListeners.clear();
      this.turnListeners.clear();
    })();
    return this.stopping;
  }

  private onHookPoke(key: string): void {
    this.stats.hookEvents++;
    if (!this.tracked.hasKey(key)) this.nudgeForUnknown();
    this.hooks.run();
  }

  /** A pane we do not track yet (a session just started by `sessions up` armed its pipe): rescan, at most once a second. */
  private nudgeForUnknown(): void {
    const now = this.clock.now();
    if (now - this.lastUnknownNudge < 1000) return;
    this.lastUnknownNudge = now;
    this.loop.nudge();
  }

  /** The watcher's view of one session (tests and the `sessions watch` command). */
  snapshot(): { name: string; state: SessionState; signal: ScreenSignal | null; present: boolean }[] {
    return [...this.tracked.values()].map((t) => ({ name: t.name, state: t.state, signal: t.signal, present: t.present }));
  }

  /** The current row, for callers that need more than the event. */
  session(name: string) {
    return getSession(this.deps.db, name);
  }
}
