import { toError, type Clock, type Logger } from '@architect/core';
import { markSessionGone, refreshSessionState, type Db, type SessionState, type StateWrite } from '@architect/db';
import type { Listeners, SessionStateChange } from './sessionEvents';
import type { WatcherOptions } from './sessionWatcher';
import type { Tracked, TrackedSessions } from './trackedSessions';

export interface StateReporterDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  options: WatcherOptions;
  tracked: TrackedSessions;
  listeners: Listeners<SessionStateChange>;
  isStopping: () => boolean;
}

/**
 * Turns state writes into state-change events: one event per change of the effective state
 * as this watcher last reported it, and a timer for a pending screen override (the write's
 * `recheckAt`, see idleGraceMs) so an interrupted turn gets back to idle without a new signal.
 */
export class StateReporter {
  constructor(private readonly deps: StateReporterDeps) {}

  /** Report a write's outcome as this watcher saw it, and schedule a pending override's recheck. */
  apply(t: Tracked, write: StateWrite | undefined, source: SessionStateChange['source'], screen?: string): void {
    if (!write) return;
    clearTimeout(t.recheck);
    t.recheck = undefined;
    if (write.recheckAt !== undefined) {
      t.recheck = setTimeout(() => this.recheck(t.name), Math.max(1, write.recheckAt - this.deps.clock.now() + 1));
    }
    this.report(t, write.to, write.session.stateSource ?? source, write.session.permission, screen);
  }

  report(t: Tracked, to: SessionState, source: SessionStateChange['source'], permission: Record<string, unknown> | null, screen?: string): void {
    if (to === t.state) return;
    const change: SessionStateChange = { session: t.name, from: t.state, to, source, at: this.deps.clock.now(), permission: to === 'waiting_input' ? permission : null };
    if (screen !== undefined && source === 'screen') change.screen = screen;
    t.state = to;
    this.deps.log.debug({ session: t.name, from: change.from, to, source }, 'session state changed');
    this.deps.listeners.emit(change);
  }

  markGone(t: Tracked): void {
    t.present = false;
    t.hooked = false;
    t.hash = undefined;
    t.signal = null;
    clearTimeout(t.recheck);
    markSessionGone(this.deps.db, t.name, this.deps.clock.now());
    this.report(t, 'gone', 'scan', null);
  }

  private recheck(name: string): void {
    const t = this.deps.tracked.get(name);
    if (!t || this.deps.isStopping()) return;
    t.recheck = undefined;
    try {
      this.apply(t, refreshSessionState(this.deps.db, name, this.deps.clock.now(), this.deps.options.idleGraceMs), 'screen');
    } catch (raw) {
      this.deps.log.error({ err: toError(raw), session: name }, 'session state recheck failed');
    }
  }
}
