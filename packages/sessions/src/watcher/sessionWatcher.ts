import { Loop, systemClock, toError, type Clock, type Logger, type Service, type SessionOptions } from '@architect/core';
import {
  getSession,
  hookEventsAfter,
  listSessionRows,
  markSessionGone,
  markSessionPresent,
  maxHookEventId,
  refreshSessionState,
  touchSessionActivity,
  turnEndOf,
  type Db,
  type ScreenSignal,
  type SessionState,
  type StateWrite,
} from '@architect/db';
import { TmuxServerNotRunningError, TmuxSessionGoneError, tmuxSessionName, type Provider, type TmuxDriver, type TmuxSessionInfo } from '@architect/tmux';
import { paneKey } from '../paths';
import { classifyObservation, observeScreen, recordObservation, type Observation } from '../screen/observeScreen';
import { CaptureScheduler } from './captureScheduler';
import { PaneActivity } from './paneActivity';
import { armPanePipe, trimPaneLog } from './panePipe';
import { Listeners, type SessionStateChange, type SessionTurnEnd } from './sessionEvents';

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
  /** tmux processes capturing at once. */
  maxConcurrentCaptures?: number;
}

interface Tracked {
  name: string;
  key: string;
  provider: Provider;
  paneWidth: number | undefined;
  present: boolean;
  /** Its hooks report (a hook event arrived since it started): the Stop hook ends its turns. */
  hooked: boolean;
  /** The effective state as this watcher last reported it. */
  state: SessionState;
  signal: ScreenSignal | null;
  permissionKey: string;
  hash: string | undefined;
  tmuxActivity: number | undefined;
  activityWrittenAt: number;
  outputEvents: number;
  recheck: NodeJS.Timeout | undefined;
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
 * (tmux pipe-pane) into data/panes/<session>.out; an inotify watch on that directory says which
 * pane changed, and only that pane is captured — at most once per capture interval, with a
 * trailing capture so the final screen of a burst is always read. A capture is classified and
 * written only when its signal changed, so a spinner repainting its elapsed time costs no
 * database write (last_activity is written at most every activityWriteMs). `architect hook`
 * touches data/panes/<session>.hook after recording an event, which turns into a turn-end
 * and/or state-change notification here. A slow scan re-lists tmux (gone sessions, unarmed
 * pipes, panes whose tmux activity moved without an event) and catches up on hook events.
 * Idle sessions cost nothing between scans.
 */
export class SessionWatcher implements Service {
  readonly name = 'session-watcher';
  readonly stats: WatcherStats = { captures: 0, unchangedCaptures: 0, stateWrites: 0, activityWrites: 0, scans: 0, outputEvents: 0, hookEvents: 0 };
  private readonly clock: Clock;
  private readonly tracked = new Map<string, Tracked>();
  private readonly byKey = new Map<string, Tracked>();
  private readonly scheduler: CaptureScheduler;
  private readonly activity: PaneActivity;
  private readonly ownsActivity: boolean;
  private readonly loop: Loop;
  private readonly stateListeners: Listeners<SessionStateChange>;
  private readonly turnListeners: Listeners<SessionTurnEnd>;
  private unsubscribe: (() => void) | undefined;
  private hookCursor = 0;
  private lastUnknownNudge = 0;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly deps: SessionWatcherDeps) {
    this.clock = deps.clock ?? systemClock;
    this.ownsActivity = !deps.activity;
    this.activity = deps.activity ?? new PaneActivity({ dir: deps.panesDir, log: deps.log });
    this.stateListeners = new Listeners(deps.log, 'state');
    this.turnListeners = new Listeners(deps.log, 'turn');
    this.scheduler = new CaptureScheduler({
      run: (names) => this.captureBatch(names),
      intervalFor: (name) => this.captureInterval(name),
      maxConcurrent: deps.maxConcurrentCaptures ?? 2,
      // Busy sessions' slow captures fall due together and share one tmux process.
      alignFromMs: Math.min(deps.options.busyCaptureIntervalMs, deps.options.hookedBusyCaptureIntervalMs ?? Infinity),
      alignGridMs: Math.max(deps.options.captureIntervalMs, Math.round(deps.options.busyCaptureIntervalMs / 2)),
      log: deps.log,
    });
    this.loop = new Loop({ name: 'session-scan', tick: () => this.scan(), intervalMs: deps.options.scanIntervalMs, log: deps.log, clock: this.clock });
  }

  /**
   * How often one session may be captured. A busy screen repaints constantly (spinner, elapsed
   * time), so busy sessions are read less often; a busy session with working hooks even less,
   * since its Stop hook reports the end of the turn at once. Dialogs and idle screens are read
   * at the fast interval.
   */
  private captureInterval(name: string): number {
    const t = this.tracked.get(name);
    const o = this.deps.options;
    // Slow only while both the screen and the effective state say busy: a hook that reported a
    // dialog makes the next frames (the dialog, then its answer) worth reading at once.
    if (t?.signal !== 'busy' || t.state !== 'busy') return o.captureIntervalMs;
    return t.hooked ? (o.hookedBusyCaptureIntervalMs ?? o.busyCaptureIntervalMs) : o.busyCaptureIntervalMs;
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
    if (this.tracked.has(session)) this.scheduler.request(session);
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    this.hookCursor = maxHookEventId(this.deps.db);
    this.unsubscribe = this.activity.on((e) => (e.kind === 'output' ? this.onOutput(e.key) : this.onHookPoke(e.key)));
    if (this.ownsActivity) this.activity.start();
    this.loop.start();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.unsubscribe?.();
      await this.loop.stop();
      await this.scheduler.stop();
      for (const t of this.tracked.values()) clearTimeout(t.recheck);
      if (this.ownsActivity) this.activity.stop();
      this.stateListeners.clear();
      this.turnListeners.clear();
    })();
    return this.stopping;
  }

  private onOutput(key: string): void {
    this.stats.outputEvents++;
    const t = this.byKey.get(key);
    if (!t) return this.nudgeForUnknown();
    // A pane spewing output (a build log) must not grow its file for a whole scan interval.
    if (++t.outputEvents % 500 === 0) trimPaneLog(this.deps.panesDir, t.name, this.deps.options.paneLogMaxBytes);
    this.scheduler.request(t.name);
  }

  private onHookPoke(key: string): void {
    this.stats.hookEvents++;
    if (!this.byKey.has(key)) this.nudgeForUnknown();
    this.catchUpHooks();
  }

  /** A pane we do not track yet (a session just started by `sessions up`): rescan, at most once a second. */
  private nudgeForUnknown(): void {
    const now = this.clock.now();
    if (now - this.lastUnknownNudge < 1000) return;
    this.lastUnknownNudge = now;
    this.loop.nudge();
  }

  /** Several sessions due together: one tmux process; if that fails (one was just killed), one by one. */
  private async captureBatch(names: string[]): Promise<void> {
    const live = names.filter((n) => this.tracked.get(n)?.present);
    if (live.length <= 1 || this.stopping) {
      for (const name of live) await this.capture(name);
      return;
    }
    let screens: Map<string, string>;
    try {
      screens = await this.deps.driver.captureMany(live);
    } catch {
      for (const name of live) await this.capture(name);
      return;
    }
    for (const [name, screen] of screens) {
      const t = this.tracked.get(name);
      if (t?.present && !this.stopping) this.handleScreen(t, classifyObservation(name, screen, t.provider, t.paneWidth));
    }
  }

  private async capture(name: string): Promise<void> {
    const t = this.tracked.get(name);
    if (!t || !t.present || this.stopping) return;
    let obs;
    try {
      obs = await observeScreen(this.deps.driver, name, t.provider, t.paneWidth);
    } catch (err) {
      if (err instanceof TmuxSessionGoneError || err instanceof TmuxServerNotRunningError) return this.markGone(t);
      throw err;
    }
    this.handleScreen(t, obs);
  }

  /** A fresh screen: write only what changed (signal or dialog), else at most a throttled activity. */
  private handleScreen(t: Tracked, obs: Observation): void {
    const name = t.name;
    this.stats.captures++;
    if (this.stopping || obs.hash === t.hash) return void this.stats.unchangedCaptures++;
    t.hash = obs.hash;
    const now = this.clock.now();
    if (obs.signal !== t.signal || obs.permissionKey !== t.permissionKey) {
      const write = recordObservation(this.deps.db, obs, now, this.deps.options.idleGraceMs);
      this.stats.stateWrites++;
      t.signal = obs.signal;
      t.permissionKey = obs.permissionKey;
      t.activityWrittenAt = now;
      this.apply(t, write, 'screen', obs.screen);
    } else if (now - t.activityWrittenAt >= this.deps.options.activityWriteMs) {
      touchSessionActivity(this.deps.db, name, now);
      this.stats.activityWrites++;
      t.activityWrittenAt = now;
    }
  }

  /** Report a write's outcome as this watcher saw it, and schedule a pending override's recheck. */
  private apply(t: Tracked, write: StateWrite | undefined, source: SessionStateChange['source'], screen?: string): void {
    if (!write) return;
    clearTimeout(t.recheck);
    t.recheck = undefined;
    if (write.recheckAt !== undefined) {
      t.recheck = setTimeout(() => this.recheck(t.name), Math.max(1, write.recheckAt - this.clock.now() + 1));
    }
    this.report(t, write.to, write.session.stateSource ?? source, write.session.permission, screen);
  }

  private report(t: Tracked, to: SessionState, source: SessionStateChange['source'], permission: Record<string, unknown> | null, screen?: string): void {
    if (to === t.state) return;
    const change: SessionStateChange = { session: t.name, from: t.state, to, source, at: this.clock.now(), permission: to === 'waiting_input' ? permission : null };
    if (screen !== undefined && source === 'screen') change.screen = screen;
    t.state = to;
    this.deps.log.debug({ session: t.name, from: change.from, to, source }, 'session state changed');
    this.stateListeners.emit(change);
  }

  private recheck(name: string): void {
    const t = this.tracked.get(name);
    if (!t || this.stopping) return;
    t.recheck = undefined;
    try {
      this.apply(t, refreshSessionState(this.deps.db, name, this.clock.now(), this.deps.options.idleGraceMs), 'screen');
    } catch (raw) {
      this.deps.log.error({ err: toError(raw), session: name }, 'session state recheck failed');
    }
  }

  private markGone(t: Tracked): void {
    t.present = false;
    t.hooked = false;
    t.hash = undefined;
    t.signal = null;
    clearTimeout(t.recheck);
    markSessionGone(this.deps.db, t.name, this.clock.now());
    this.report(t, 'gone', 'scan', null);
  }

  /** New hook events (from any session): turn ends first, then the states they moved. */
  private catchUpHooks(): void {
    if (this.stopping) return;
    const events = hookEventsAfter(this.deps.db, this.hookCursor);
    if (!events.length) return;
    const touched = new Set<string>();
    for (const e of events) {
      this.hookCursor = e.id;
      if (!e.sessionName) continue;
      touched.add(e.sessionName);
      const tracked = this.tracked.get(e.sessionName);
      if (tracked && e.event !== 'SessionEnd') tracked.hooked = true;
      const turn = turnEndOf(e);
      if (turn && this.tracked.has(e.sessionName)) this.turnListeners.emit({ ...turn, session: e.sessionName });
    }
    for (const name of touched) {
      const t = this.tracked.get(name);
      if (!t) continue;
      // Derive again now: the hook may have settled (or started) a pending screen override.
      this.apply(t, refreshSessionState(this.deps.db, name, this.clock.now(), this.deps.options.idleGraceMs), 'hook');
      this.scheduler.expedite(name);
    }
    if (events.length === 500) this.catchUpHooks();
  }

  /** The slow pass: managed sessions from the database, tmux's list, pipes, gone sessions, hooks. */
  private async scan(): Promise<void> {
    this.stats.scans++;
    this.syncTracked();
    let listed: TmuxSessionInfo[] = [];
    let serverUp = true;
    try {
      listed = await this.deps.driver.listSessions();
    } catch (err) {
      if (!(err instanceof TmuxServerNotRunningError)) throw err;
      serverUp = false;
    }
    const byName = new Map(listed.map((s) => [s.name, s]));
    for (const t of this.tracked.values()) {
      if (this.stopping) return;
      const info = serverUp ? byName.get(tmuxSessionName(t.name)) : undefined;
      if (!info) {
        if (t.state !== 'gone' || t.present) this.markGone(t);
        continue;
      }
      t.paneWidth = info.width;
      if (!t.present || t.state === 'gone') {
        t.present = true;
        t.hash = undefined;
        if (markSessionPresent(this.deps.db, t.name, this.clock.now())) this.report(t, 'unknown', 'scan', null);
      }
      if (!info.panePipe) {
        await armPanePipe(this.deps.driver, this.deps.panesDir, t.name).catch((raw) => {
          if (!(raw instanceof TmuxSessionGoneError)) this.deps.log.warn({ err: toError(raw), session: t.name }, 'cannot arm pane pipe');
        });
        this.scheduler.request(t.name);
      } else if (t.hash === undefined || info.activity !== t.tmuxActivity) {
        // Output inotify did not report (or a first look): read the screen.
        this.scheduler.request(t.name);
      }
      t.tmuxActivity = info.activity;
      trimPaneLog(this.deps.panesDir, t.name, this.deps.options.paneLogMaxBytes);
    }
    this.catchUpHooks();
  }

  /** Track exactly the managed sessions in the database (the config sync put them there). */
  private syncTracked(): void {
    const rows = listSessionRows(this.deps.db, { managedOnly: true });
    const keep = new Set(rows.map((r) => r.name));
    for (const [name, t] of this.tracked) {
      if (keep.has(name)) continue;
      clearTimeout(t.recheck);
      this.scheduler.forget(name);
      this.tracked.delete(name);
      this.byKey.delete(t.key);
    }
    for (const r of rows) {
      const existing = this.tracked.get(r.name);
      if (existing) {
        existing.provider = r.provider as Provider;
        continue;
      }
      const t: Tracked = {
        name: r.name,
        key: paneKey(r.name),
        provider: r.provider as Provider,
        paneWidth: undefined,
        present: r.state !== 'gone',
        hooked: r.hookStateAt !== null,
        state: r.state,
        signal: r.screenState,
        permissionKey: '',
        hash: undefined,
        tmuxActivity: undefined,
        activityWrittenAt: 0,
        outputEvents: 0,
        recheck: undefined,
      };
      this.tracked.set(r.name, t);
      this.byKey.set(t.key, t);
    }
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
