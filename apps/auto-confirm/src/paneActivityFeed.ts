import { paneKey, type PaneActivity } from '@architect/sessions';
import type { ChangeFeed } from './autoConfirmService';

/**
 * The sessions layer's PaneActivity (one inotify watch on data/panes, shared with the other
 * daemons) as a per-session feed. Pane output carries its time, which times the first key after
 * the agent's ignore window; a hook event only asks for a look.
 */
export function paneActivityFeed(activity: PaneActivity, now: () => number): ChangeFeed {
  return {
    subscribe(session, onChange) {
      const key = paneKey(session);
      return activity.on((e) => {
        if (e.key === key) onChange(e.kind === 'output' ? now() : undefined);
      });
    },
  };
}
