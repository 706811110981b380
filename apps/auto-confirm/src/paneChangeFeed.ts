import fs from 'node:fs';
import path from 'node:path';
import { toError, type Logger } from '@architect/core';
import type { ChangeFeed } from './autoConfirmService';

/**
 * Change notifications from the sessions layer's pane files: the watcher arms
 * `pipe-pane -O 'cat >> data/panes/<tmux name>.out'` on every managed session, so each write to
 * a pane appends to its file. ONE inotify watch on the directory serves every session (any
 * number of processes can watch the same files). The files are only a signal: the screen is
 * always read with capture-pane. Without them the window-activity poller still finds changes,
 * within a second.
 */
export function paneChangeFeed(home: string, log: Logger): ChangeFeed {
  const dir = path.join(home, 'data', 'panes');
  const subscribers = new Map<string, Set<(at: number) => void>>();
  let watcher: fs.FSWatcher | undefined;

  const open = () => {
    try {
      fs.mkdirSync(dir, { recursive: true });
      watcher = fs.watch(dir, { persistent: false }, (_event, file) => {
        const name = file === null ? undefined : String(file);
        if (!name?.endsWith('.out')) return;
        const subs = subscribers.get(name.slice(0, -'.out'.length));
        if (!subs) return;
        const at = Date.now();
        for (const cb of subs) cb(at);
      });
      watcher.on('error', (err) => log.warn({ err: toError(err), dir }, 'pane change feed failed; falling back to polling'));
    } catch (err) {
      log.warn({ err: toError(err), dir }, 'cannot watch pane files; falling back to polling');
    }
  };

  return {
    subscribe(session, onChange) {
      // tmux's name for the session: '.' becomes '_' (the pane files use it).
      const key = session.replaceAll('.', '_');
      if (!watcher) open();
      let subs = subscribers.get(key);
      if (!subs) subscribers.set(key, (subs = new Set()));
      subs.add(onChange);
      return () => {
        subs.delete(onChange);
        if (subs.size === 0) subscribers.delete(key);
        if (subscribers.size === 0) {
          watcher?.close();
          watcher = undefined;
        }
      };
    },
  };
}
