import type { Clock } from '@architect/core';
import { hookEventsAfter, maxHookEventId, refreshSessionState, turnEndOf, type Db } from '@architect/db';
import type { Listeners, SessionTurnEnd } from './sessionEvents';
import type { WatcherOptions } from './sessionWatcher';
import type { StateReporter } from './stateReporter';
import type { TrackedSessions } from './trackedSessions';

export interface HookCatchUpDeps {
  db: Db;
  clock: Clock;
  options: WatcherOptions;
  tracked: TrackedSessions;
  reporter: StateReporter;
  turnListeners: Listeners<SessionTurnEnd>;
  /** Read the screen soon: a hook often means the screen is about to change. */
  expedite: (name: string) => void;
  isStopping: () => boolean;
}

/**
 * Follows the hook_events table from a cursor. Run on every hook poke and on every scan, since
 * inotify can drop events: whatever arrived since the last run is handled exactly once.
 */
export class HookCatchUp {
  private cursor = 0;

  constructor(private readonly deps: HookCatchUpDeps) {}

  /** Start after the newest event: the past is in the database, not news. */
  startAtLatest(): void {
    this.cursor = maxHookEventId(this.deps.db);
  }

  /** New hook events (from any session): turn ends first, then the states they moved. */
  run(): void {
    const { db, tracked } = this.deps;
    if (this.deps.isStopping()) return;
    const events = hookEventsAfter(db, this.cursor);
    if (!events.length) return;
    const touched = new Set<string>();
    for (const e of events) {
      this.cursor = e.id;
      if (!e.sessionName) continue;
      touched.add(e.sessionName);
      const t = tracked.get(e.sessionName);
      if (t && e.event !== 'SessionEnd') t.hooked = true;
      const turn = turnEndOf(e);
      if (turn && tracked.has(e.sessionName)) this.deps.turnListeners.emit({ ...turn, session: e.sessionName });
    }
    for (const name of touched) {
      const t = tracked.get(name);
      if (!t) continue;
      // Derive again now: the hook may have settled (or started) a pending screen override.
      this.deps.reporter.apply(t, refreshSessionState(db, name, this.deps.clock.now(), this.deps.options.idleGraceMs), 'hook');
      this.deps.expedite(name);
    }
    if (events.length === 500) this.run();
  }
}
