import type { Clock } from '@architect/core';
import { touchSessionActivity, type Db } from '@architect/db';
import { classifyObservation, recordObservation, type Observation } from '../screen/observeScreen';
import type { ScreenEvent } from '../screen/screenObserver';
import type { WatcherOptions, WatcherStats } from './sessionWatcher';
import { quietScreenKey } from './episodeAlerts';
import type { ProcessWatch } from './processWatch';
import type { StateReporter } from './stateReporter';
import type { Tracked, TrackedSessions } from './trackedSessions';

/**
 * How often one session may be captured. A busy screen repaints constantly (spinner, elapsed
 * time), so busy sessions are read less often; a busy session with working hooks even less,
 * since its Stop hook reports the end of the turn at once. Dialogs and idle screens are read
 * at the fast interval.
 */
export function captureIntervalFor(t: Tracked | undefined, o: WatcherOptions): number {
  // Slow only while both the screen and the effective state say busy: a hook that reported a
  // dialog makes the next frames (the dialog, then its answer) worth reading at once.
  if (t?.signal !== 'busy' || t.state !== 'busy') return o.captureIntervalMs;
  return t.hooked ? (o.hookedBusyCaptureIntervalMs ?? o.busyCaptureIntervalMs) : o.busyCaptureIntervalMs;
}

const PROCESS_RECHECK_MS = 1000;
const QUIET_CHECK_MS = 1000;

export interface ScreenReaderDeps {
  db: Db;
  clock: Clock;
  options: WatcherOptions;
  stats: WatcherStats;
  tracked: TrackedSessions;
  reporter: StateReporter;
  processes: ProcessWatch;
  isStopping: () => boolean;
}

/** Reads every screen the observer delivers (its own captures and anyone else's), and writes only what changed. */
export class ScreenReader {
  constructor(private readonly deps: ScreenReaderDeps) {}

  onScreen(e: ScreenEvent): void {
    const t = this.deps.tracked.get(e.session);
    if (!t?.present || this.deps.isStopping()) return;
    if (e.kind === 'gone') return this.deps.reporter.markGone(t);
    this.handleScreen(t, classifyObservation(t.name, e.text, t.provider, e.width ?? t.paneWidth, e.hash));
  }

  /** A fresh screen: write only what changed (signal or dialog), else at most a throttled activity. */
  private handleScreen(t: Tracked, obs: Observation): void {
    const { db, options, stats } = this.deps;
    const name = t.name;
    stats.captures++;
    if (this.deps.isStopping()) return;
    const now = this.deps.clock.now();
    // Output arrived: it may be the agent's exit, even when the screen still looks the same (an
    // empty shell prompt under the agent's last frame), so the process table is asked before the
    // unchanged-screen shortcut. A busy screen repaints its spinner several times a second: there
    // once per PROCESS_RECHECK_MS is plenty (the scan and the assigner's own check cover the rest).
    if (obs.signal !== 'busy' || now - t.processCheckedAt >= PROCESS_RECHECK_MS) {
      t.processCheckedAt = now;
      this.deps.processes.check(t);
    }
    if (obs.hash === t.hash) return void stats.unchangedCaptures++;
    t.hash = obs.hash;
    t.lastScreen = obs.screen;
    // Progress (for busy-with-no-progress alerts) is judged at most once a second: the threshold is minutes.
    if (obs.signal !== t.signal || now - (t.quietCheckedAt ?? 0) >= QUIET_CHECK_MS) {
      t.quietCheckedAt = now;
      const quiet = quietScreenKey(obs.screen);
      if (quiet !== t.quietKey) {
        t.quietKey = quiet;
        t.quietAt = now;
      }
    }
    if (obs.signal !== t.signal || obs.permissionKey !== t.permissionKey) {
      const write = recordObservation(db, obs, now, options.idleGraceMs);
      stats.stateWrites++;
      t.signal = obs.signal;
      t.permissionKey = obs.permissionKey;
      t.activityWrittenAt = now;
      this.deps.reporter.apply(t, write, 'screen', obs.screen);
    } else if (now - t.activityWrittenAt >= options.activityWriteMs) {
      touchSessionActivity(db, name, now);
      stats.activityWrites++;
      t.activityWrittenAt = now;
    }
  }
}
