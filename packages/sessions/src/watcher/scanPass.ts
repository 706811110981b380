import { toError, type Clock, type Logger } from '@architect/core';
import { markSessionPresent, type Db } from '@architect/db';
import { TmuxServerNotRunningError, TmuxSessionGoneError, tmuxSessionName, type TmuxDriver, type TmuxSessionInfo } from '@architect/tmux';
import type { EpisodeAlerts } from './episodeAlerts';
import type { HookCatchUp } from './hookCatchUp';
import { armPanePipe, trimPaneLog } from './panePipe';
import type { WatcherOptions, WatcherStats } from './sessionWatcher';
import type { ProcessWatch } from './processWatch';
import type { StateReporter } from './stateReporter';
import type { TrackedSessions } from './trackedSessions';

export interface ScanPassDeps {
  db: Db;
  driver: TmuxDriver;
  log: Logger;
  clock: Clock;
  panesDir: string;
  options: WatcherOptions;
  stats: WatcherStats;
  tracked: TrackedSessions;
  reporter: StateReporter;
  hooks: HookCatchUp;
  processes: ProcessWatch;
  alerts: EpisodeAlerts;
  /** Read this session's screen (coalesced by the capture scheduler). */
  requestCapture: (name: string) => void;
  /** A session left the managed list: drop it from the capture scheduler. */
  forget: (name: string) => void;
  isStopping: () => boolean;
}

/**
 * The slow pass: managed sessions from the database, tmux's list, pipes, gone sessions, hooks,
 * the process check of every pane, and the alerts for sessions stuck in a state.
 * It repairs whatever the fast path (inotify on data/panes) cannot see: sessions that vanished
 * or came back, panes without a pipe, output inotify did not report, dropped hook pokes.
 */
export async function runScanPass(deps: ScanPassDeps): Promise<void> {
  const { db, driver, panesDir, options, tracked, reporter } = deps;
  deps.stats.scans++;
  tracked.sync(db, deps.forget, deps.clock.now());
  let listed: TmuxSessionInfo[] = [];
  let serverUp = true;
  try {
    listed = await driver.listSessions();
  } catch (err) {
    if (!(err instanceof TmuxServerNotRunningError)) throw err;
    serverUp = false;
  }
  const byName = new Map(listed.map((s) => [s.name, s]));
  for (const t of tracked.values()) {
    if (deps.isStopping()) return;
    const info = serverUp ? byName.get(tmuxSessionName(t.name)) : undefined;
    if (!info) {
      if (t.state !== 'gone' || t.present) reporter.markGone(t);
      continue;
    }
    t.paneWidth = info.width;
    t.panePid = info.panePid;
    if (!t.present || t.state === 'gone') {
      t.present = true;
      t.hash = undefined;
      t.processState = null;
      t.foreground = null;
      if (markSessionPresent(db, t.name, deps.clock.now())) reporter.report(t, 'unknown', 'scan', null);
    }
    deps.processes.check(t);
    if (!info.panePipe) {
      await armPanePipe(driver, panesDir, t.name).catch((raw) => {
        if (!(raw instanceof TmuxSessionGoneError)) deps.log.warn({ err: toError(raw), session: t.name }, 'cannot arm pane pipe');
      });
      deps.requestCapture(t.name);
    } else if (t.hash === undefined || info.activity !== t.tmuxActivity) {
      // Output inotify did not report (or a first look): read the screen.
      deps.requestCapture(t.name);
    }
    t.tmuxActivity = info.activity;
    trimPaneLog(panesDir, t.name, options.paneLogMaxBytes);
  }
  deps.hooks.run();
  if (!deps.isStopping()) deps.alerts.run();
}
