import { toError, type AutoConfirmConfig, type Clock, type Logger, type Service, type SessionConfig } from '@architect/core';
import type { Db } from '@architect/db';
import { paneKey, ScreenObserver, type AgentCheck, type PaneActivity } from '@architect/sessions';
import type { CompiledPolicy } from '@architect/policy';
import { TmuxServerNotRunningError, TmuxSessionGoneError, type TmuxDriver } from '@architect/tmux';
import { LeaseKeeper } from './leaseKeeper';
import { SessionConfirmer, type Shot } from './sessionConfirmer';
import { SessionWatch } from './sessionWatch';

export interface AutoConfirmDeps {
  db: Db;
  driver: TmuxDriver;
  config: AutoConfirmConfig;
  /** Every managed session; excluded ones are filtered here. */
  sessions: readonly SessionConfig[];
  policy: () => CompiledPolicy;
  home: string;
  protectedPaths: string[];
  holder: string;
  /** The pane-change signal (pane files under panesDir); absent for --once, where every look captures. */
  activity?: PaneActivity;
  panesDir?: string;
  /**
   * Minimum time between two captures of one session prompted by its pane's output; while its
   * agent works, `busyCaptureIntervalMs` or keyIgnoreMs, whichever is longer: a dialog's first
   * key waits out keyIgnoreMs from its drawing anyway, so a dialog that appears on a working
   * agent's screen is read by the time its key may go.
   */
  captureIntervalMs: number;
  busyCaptureIntervalMs: number;
  /** False for --once: holding the lease then starts no watches (runOnce looks itself). */
  watch: boolean;
  /** The hook socket (absent for --once): listened on only while this process holds the lease. */
  hookServer?: { listen(): Promise<void>; close(): Promise<void> };
  /** Process truth before every key (paneAgentCheck); without it only the screen is trusted. */
  checkAgent?: AgentCheck;
  log: Logger;
  clock: Clock;
}

/** A slow sweep of every session, in case every change signal was missed. */
const SWEEP_FACTOR = 30;
/** A busy session's look comes this long before its dialog's key could go (capture and classification fit in it). */
const BUSY_SETTLE_MARGIN_MS = 100;
/** Below this a pause is no longer than a spinner's frame: every frame would be read. */
const MIN_SETTLE_MS = 120;
/** A busy session whose output never pauses is still read this often. */
const BUSY_MAX_WAIT_MS = 750;

/**
 * The auto-confirm daemon's one service. It stands by until it holds the single-instance lease,
 * then watches every managed, non-excluded session's screen for permission dialogs; on losing
 * the lease it stops watching at once.
 */
export class AutoConfirmService implements Service {
  readonly name = 'auto-confirm';
  readonly lease: LeaseKeeper;
  private watches = new Map<string, SessionWatch>();
  /** The screen pipeline: captures on its own only while watching; --once reads through a bare one. */
  private screens: ScreenObserver;
  private transition: Promise<void> = Promise.resolve();
  readonly watched: SessionConfig[];

  constructor(private readonly deps: AutoConfirmDeps) {
    this.watched = deps.sessions.filter((s) => !deps.config.exclude.includes(s.name));
    this.lease = new LeaseKeeper({
      db: deps.db,
      holder: deps.holder,
      ttlMs: deps.config.leaseTtlMs,
      log: deps.log,
      clock: deps.clock,
      // Serialized, so a quick lose/regain never runs two sets of watches.
      onChange: (held) => {
        if (!deps.watch) return;
        this.transition = this.transition.then(() => (held ? this.lead() : this.standBy()));
      },
    });
    this.screens = this.observer(false);
  }

  start(): void {
    this.lease.start();
  }

  async stop(): Promise<void> {
    await this.lease.stop();
    await this.transition;
    await this.standBy();
  }

  /** One confirmer per watched session (used by the daemon's watches and by --once). */
  confirmerFor(session: SessionConfig): SessionConfirmer {
    const d = this.deps;
    return new SessionConfirmer({
      db: d.db,
      read: (name) => screenOrGone(this.screens, name),
      press: (name, keys) => d.driver.pressKeys(name, keys),
      ...(d.panesDir && d.watch ? { lastChange: (name: string) => this.screens.lastChange(name) } : {}),
      policy: d.policy,
      config: d.config,
      session,
      home: d.home,
      protectedPaths: d.protectedPaths,
      clock: d.clock,
      log: d.log,
      holdsLease: () => this.lease.holds(),
      ...(d.checkAgent ? { checkAgent: () => d.checkAgent!(session.name, session.provider) } : {}),
    });
  }

  info(): Record<string, unknown> {
    return { leader: this.lease.held, sessions: this.watches.size, captures: this.screens.captures };
  }

  private async lead(): Promise<void> {
    this.startWatching();
    try {
      await this.deps.hookServer?.listen();
    } catch (raw) {
      // Hooks then decide in their own process, as they do without a daemon.
      this.deps.log.error({ err: toError(raw) }, 'cannot listen on the hook socket; hooks decide themselves');
    }
  }

  private async standBy(): Promise<void> {
    // The socket first: a hook arriving now gets no answer from a process that is not the holder.
    await this.deps.hookServer?.close();
    await this.stopWatching();
  }

  /**
   * The process's screen pipeline. Watching: pane output (and the window-activity fallback) asks
   * for captures, every capture nudges its session's watch, and a watch's look reads that same
   * screen rather than capturing it again. Not watching: every read is a capture.
   */
  private observer(watching: boolean): ScreenObserver {
    const d = this.deps;
    const byKey = new Map(this.watched.map((s) => [paneKey(s.name), s.name]));
    // A working agent's frames are read no more often than its first key could go anyway.
    const busyMs = Math.max(d.busyCaptureIntervalMs, d.config.keyIgnoreMs);
    // And only once its output pauses: a dialog is answered after the pane has been still for
    // keyIgnoreMs (from the draw its first look sees), so a look BUSY_SETTLE_MARGIN_MS sooner than
    // that loses nothing, while a spinner that never pauses costs one look per BUSY_MAX_WAIT_MS
    // rather than four a second. The longest wait bounds a dialog drawn under a still-running animation.
    const quietMs = d.config.keyIgnoreMs - BUSY_SETTLE_MARGIN_MS;
    const settle = quietMs >= MIN_SETTLE_MS ? { quietMs, maxWaitMs: Math.max(BUSY_MAX_WAIT_MS, busyMs) } : undefined;
    const busy = (name: string): boolean => this.watches.get(name)?.confirmer.busy ?? false;
    return new ScreenObserver({
      driver: d.driver,
      log: d.log,
      clock: d.clock,
      ...(watching && d.activity ? { activity: d.activity } : {}),
      ...(d.panesDir && d.watch ? { panesDir: d.panesDir } : {}),
      sessionOfKey: (key) => byKey.get(key),
      intervalFor: (name) => (busy(name) ? busyMs : d.captureIntervalMs),
      ...(settle ? { settleFor: (name: string) => (busy(name) ? settle : undefined) } : {}),
      // A working agent's spinner frames need not wake us: its pane file is polled instead.
      pollFor: busy,
      ...(watching ? { fallback: { pollMs: d.config.pollMs, sessions: () => [...byKey.values()] } } : {}),
    });
  }

  private startWatching(): void {
    if (this.watches.size) return;
    const d = this.deps;
    const sweepMs = d.config.pollMs * SWEEP_FACTOR;
    this.screens = this.observer(true);
    for (const s of this.watched) this.watches.set(s.name, new SessionWatch(this.confirmerFor(s), { sweepMs, log: d.log, clock: d.clock }));
    this.screens.on((e) => this.watches.get(e.session)?.nudge(e.kind === 'screen' ? e : null));
    for (const s of this.watched) this.screens.follow(s.name);
    for (const w of this.watches.values()) w.start();
    this.screens.start();
    d.log.info({ sessions: [...this.watches.keys()], excluded: d.config.exclude }, 'watching sessions for permission dialogs');
  }

  private async stopWatching(): Promise<void> {
    const watches = [...this.watches.values()];
    this.watches.clear();
    const screens = this.screens;
    await Promise.all([screens.stop(), ...watches.map((w) => w.stop())]);
  }
}

/** The session's screen, or undefined when the session (or the whole server) is gone. */
async function screenOrGone(screens: ScreenObserver, session: string): Promise<Shot | undefined> {
  try {
    return await screens.read(session);
  } catch (err) {
    if (err instanceof TmuxSessionGoneError || err instanceof TmuxServerNotRunningError) return undefined;
    throw err;
  }
}
