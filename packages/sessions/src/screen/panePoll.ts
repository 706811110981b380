import fs from 'node:fs';
import type { Clock } from '@architect/core';
import { paneKey, paneLogPath } from '../paths';
import type { PaneActivity } from '../watcher/paneActivity';
import { trimPaneLog } from '../watcher/panePipe';

export interface PanePollOptions {
  activity: PaneActivity;
  panesDir: string;
  /** Its owner's policy: the sessions to poll now (re-asked after every shot and every look). */
  pollFor: (session: string) => boolean;
  /** Looks fall on this grid (ms); the capture scheduler's aligned timers use the same one. */
  pollMs: number;
  paneLogMaxBytes: number;
  clock: Clock;
  /** The session's pane drew since its last shot, as far as the observer knows. */
  drewSinceShot: (session: string) => boolean;
  /**
   * It drew: capture it (coalesced by the observer's scheduler). `drewAt`: the pane file's mtime,
   * when known — a settling session's quiet time counts from the draw, not from the look.
   */
  onDraw: (session: string, drewAt?: number) => void;
}

/**
 * The sessions whose pane notifications are muted, and the timer that looks at their pane files
 * instead: one wake-up per `pollMs` for all of them, a stat each, a capture asked for those whose
 * mtime moved. For a busy agent whose spinner repaints ten times a second, and whose captures wait
 * for their interval anyway, that replaces ten wake-ups a second with a stat on the same grid.
 * When the owner stops polling a session, its notifications come back and whatever it drew
 * meanwhile is read.
 */
export class PanePoll {
  /** Polled sessions, with their pane file's mtime at the last look (undefined: none yet). */
  private readonly polled = new Map<string, number | undefined>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: PanePollOptions) {}

  /** Poll the session or hear its notifications, as the owner now wants. */
  reconsider(session: string): void {
    if (this.stopped) return;
    const poll = this.opts.pollFor(session);
    if (poll === this.polled.has(session)) return;
    this.opts.activity.mute(paneKey(session), poll);
    if (poll) {
      this.polled.set(session, undefined);
      this.arm();
      return;
    }
    this.polled.delete(session);
    if (this.opts.drewSinceShot(session)) this.opts.onDraw(session);
  }

  forget(session: string): void {
    this.polled.delete(session);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer || this.stopped || !this.polled.size) return;
    const { pollMs } = this.opts;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.look();
      this.arm();
    }, pollMs - (this.opts.clock.now() % pollMs));
  }

  private look(): void {
    const { panesDir, paneLogMaxBytes } = this.opts;
    for (const session of [...this.polled.keys()]) {
      this.reconsider(session);
      if (!this.polled.has(session)) continue;
      const seen = this.polled.get(session);
      const st = fs.statSync(paneLogPath(panesDir, session), { throwIfNoEntry: false });
      if (!st || st.mtimeMs === seen) continue;
      this.polled.set(session, st.mtimeMs);
      // The first look only knows the file's time: whether that was before the last shot is the observer's call.
      if (seen === undefined && !this.opts.drewSinceShot(session)) continue;
      if (st.size > paneLogMaxBytes) trimPaneLog(panesDir, session, paneLogMaxBytes);
      this.opts.onDraw(session, st.mtimeMs);
    }
  }
}
