import { toError, type AutoConfirmConfig, type Clock, type Logger, type Service, type SessionConfig } from '@architect/core';
import type { Db } from '@architect/db';
import type { AgentCheck } from '@architect/sessions';
import type { CompiledPolicy } from '@architect/policy';
import { TmuxServerNotRunningError, TmuxSessionGoneError, type PaneScreen, type TmuxDriver } from '@architect/tmux';
import { LeaseKeeper } from './leaseKeeper';
import { SessionConfirmer } from './sessionConfirmer';
import { SessionWatch } from './sessionWatch';
import { WindowActivityPoller } from './windowActivityPoller';

/** A per-session "the pane drew something" signal (the sessions layer's pane files). */
export interface ChangeFeed {
  /** Calls `onChange(at)` when the session's pane writes output (`at` = when), or `onChange()` for any other hint; returns an unsubscribe. */
  subscribe(session: string, onChange: (at?: number) => void): () => void;
  /** When the session's pane last drew (undefined: unknown). */
  lastChange(session: string): number | undefined;
}

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
  feed: ChangeFeed | undefined;
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

/**
 * The auto-confirm daemon's one service. It stands by until it holds the single-instance lease,
 * then watches every managed, non-excluded session's screen for permission dialogs; on losing
 * the lease it stops watching at once.
 */
export class AutoConfirmService implements Service {
  readonly name = 'auto-confirm';
  readonly lease: LeaseKeeper;
  private watches: SessionWatch[] = [];
  private unsubscribe: (() => void)[] = [];
  private poller: WindowActivityPoller | undefined;
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
      capture: (name) => screenOrGone(d.driver, name),
      press: (name, keys) => d.driver.pressKeys(name, keys),
      ...(d.feed && d.watch ? { lastChange: (name: string) => d.feed!.lastChange(name) } : {}),
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
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1048576);
    return { leader: this.lease.held, sessions: this.watches.length, rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external) };
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

  private startWatching(): void {
    if (this.watches.length) return;
    const d = this.deps;
    const sweepMs = d.config.pollMs * SWEEP_FACTOR;
    this.watches = this.watched.map((s) => new SessionWatch(this.confirmerFor(s), { sweepMs, log: d.log, clock: d.clock }));
    const byName = new Map(this.watches.map((w) => [w.confirmer.name, w]));
    for (const w of this.watches) {
      if (d.feed) this.unsubscribe.push(d.feed.subscribe(w.confirmer.name, (at) => w.nudge(at)));
      w.start();
    }
    this.poller = new WindowActivityPoller({
      driver: d.driver,
      sessions: () => [...byName.keys()],
      onChange: (name) => byName.get(name)?.nudge(),
      pollMs: d.config.pollMs,
      log: d.log,
      clock: d.clock,
    });
    this.poller.start();
    d.log.info({ sessions: [...byName.keys()], excluded: d.config.exclude }, 'watching sessions for permission dialogs');
  }

  private async stopWatching(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    const watches = this.watches.splice(0);
    const poller = this.poller;
    this.poller = undefined;
    await Promise.all([poller?.stop(), ...watches.map((w) => w.stop())]);
  }
}

/** The session's screen, or undefined when the session (or the whole server) is gone. */
async function screenOrGone(driver: TmuxDriver, session: string): Promise<PaneScreen | undefined> {
  try {
    return await driver.screen(session);
  } catch (err) {
    if (err instanceof TmuxSessionGoneError || err instanceof TmuxServerNotRunningError) return undefined;
    throw err;
  }
}
