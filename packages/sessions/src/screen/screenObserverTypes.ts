import type { Clock, Logger } from '@architect/core';
import type { PaneScreen, TmuxDriver } from '@architect/tmux';
import type { PaneActivity } from '../watcher/paneActivity';
import type { Settle } from './captureScheduler';

// What a ScreenObserver gives its listeners, and the policy its owner gives it.

/** One read of a session's screen, as every reader in the process gets it. */
export interface ScreenShot extends PaneScreen {
  kind: 'screen';
  session: string;
  /** Hash of `text` (escapes aside: a colour change alone is not a new screen). */
  hash: string;
  /** When the capture started: the screen is at least this new. */
  at: number;
  /** The hash differs from this session's previous shot. */
  changed: boolean;
}

export type ScreenEvent = ScreenShot | { kind: 'gone'; session: string; at: number };

export interface ScreenObserverOptions {
  driver: TmuxDriver;
  log: Logger;
  clock?: Clock;
  /** The pane-change signal (inotify on the pane files under panesDir); without it every read captures. */
  activity?: PaneActivity;
  /** data/panes: the pane files' mtimes say when a pane last drew; the observer keeps them trimmed. */
  panesDir?: string;
  paneLogMaxBytes?: number;
  /** Which session a pane file's key belongs to (undefined: not one this process follows). */
  sessionOfKey: (key: string) => string | undefined;
  /** Output from a followed pane whose session the owner does not know (any more, or yet). */
  onUntracked?: (key: string) => void;
  /**
   * Whether a session's screen is read with its escapes (`raw`): only where a reader needs them
   * (the composer reader, for Codex's and Claude's dim example prompt); they make every capture
   * bigger. Default: none.
   */
  escapesFor?: (session: string) => boolean;
  /** Minimum time between two scheduled captures of a session (its owner's policy). */
  intervalFor: (session: string) => number;
  /** Sessions read only once their output pauses (its owner's policy; see CaptureScheduler). */
  settleFor?: (session: string) => Settle | undefined;
  /**
   * Sessions whose pane notifications are muted and whose pane file is looked at every `pollMs`
   * instead (its owner's policy: busy agents, whose captures wait for their interval anyway).
   * Needs `activity` and `panesDir`.
   */
  pollFor?: (session: string) => boolean;
  /** How often polled sessions' pane files are looked at (default 50 ms, on a shared grid). */
  pollMs?: number;
  alignFromMs?: number;
  alignGridMs?: number;
  /** Scheduled capture batches running at once. */
  maxConcurrent?: number;
  /**
   * The activity fallback: every pollMs one `list-panes -a` says whose window drew, and those
   * sessions are captured — in case a pane file notification was missed. Off when undefined.
   */
  fallback?: { pollMs: number; sessions: () => readonly string[] };
}
