import fs from 'node:fs';
import { toError, type Logger, type Service } from '@architect/core';

export interface PaneActivityEvent {
  /** The pane file's key: the session's tmux name (see paneKey). */
  key: string;
  /** 'output': the pane drew something; 'hook': `architect hook` recorded an event. */
  kind: 'output' | 'hook';
}

export type PaneActivityListener = (e: PaneActivityEvent) => void;

/**
 * The change signal: one inotify watch (fs.watch) on data/panes tells which session's pane just
 * produced output (its .out file grew) or received a hook event (its .hook file was written),
 * without capturing any pane. Any number of processes can watch the same directory (the
 * assigner's watcher and auto-confirm both do). Events are hints: a reader always re-reads the
 * screen or the database, and keeps a slow fallback scan in case inotify drops events.
 */
export class PaneActivity implements Service {
  readonly name = 'pane-activity';
  private watcher: fs.FSWatcher | undefined;
  private readonly listeners = new Set<PaneActivityListener>();
  private stopped = false;
  /** Events seen (benchmarks and tests read it). */
  events = 0;

  constructor(private readonly opts: { dir: string; log: Logger }) {}

  on(listener: PaneActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  start(): void {
    if (this.watcher || this.stopped) return;
    fs.mkdirSync(this.opts.dir, { recursive: true });
    try {
      this.watcher = fs.watch(this.opts.dir, { persistent: false }, (_type, filename) => {
        if (filename) this.dispatch(String(filename));
      });
      this.watcher.on('error', (raw) => {
        this.opts.log.warn({ err: toError(raw), dir: this.opts.dir }, 'pane activity watch failed; relying on the fallback scan');
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (raw) {
      this.opts.log.warn({ err: toError(raw), dir: this.opts.dir }, 'cannot watch pane activity; relying on the fallback scan');
    }
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = undefined;
    this.listeners.clear();
  }

  private dispatch(filename: string): void {
    let kind: PaneActivityEvent['kind'];
    let key: string;
    if (filename.endsWith('.out')) [kind, key] = ['output', filename.slice(0, -4)];
    else if (filename.endsWith('.hook')) [kind, key] = ['hook', filename.slice(0, -5)];
    else return;
    if (!key) return;
    this.events++;
    for (const l of this.listeners) {
      try {
        l({ key, kind });
      } catch (raw) {
        this.opts.log.error({ err: toError(raw), key }, 'pane activity listener failed');
      }
    }
  }
}
