import fs from 'node:fs';
import { paneKey, paneLogPath, type PaneActivity } from '@architect/sessions';
import type { ChangeFeed } from './autoConfirmService';

/**
 * The sessions layer's PaneActivity (one inotify watch on data/panes, shared with the other
 * daemons) as a per-session feed. A hook event only asks for a look; pane output also says WHEN
 * the pane last drew: the pane file's mtime, written by tmux's pipe as the agent drew — not when
 * this (possibly busy) process got round to the notification. The first key waits for the
 * agent's ignore window from that moment. A later write only moves it later, so it never makes
 * the key early.
 */
export function paneActivityFeed(activity: PaneActivity, panesDir: string, now: () => number): ChangeFeed {
  const lastChange = (session: string): number | undefined => {
    try {
      return fs.statSync(paneLogPath(panesDir, session)).mtimeMs;
    } catch {
      return undefined;
    }
  };
  return {
    lastChange,
    subscribe(session, onChange) {
      const key = paneKey(session);
      return activity.on((e) => {
        if (e.key !== key) return;
        if (e.kind !== 'output') return onChange(undefined);
        // The file gone (trimmed, session stopped): the notification time will do.
        onChange(Math.min(now(), lastChange(session) ?? Infinity));
      });
    },
  };
}
