import fs from 'node:fs';
import path from 'node:path';
import { toError, type Logger, type Service } from '@architect/core';
import { signalsDir } from '../paths';

export interface PaneActivityEvent {
  /** The pane file's key: the session's tmux name (see paneKey). */
  key: string;
  /**
   * 'output': a followed pane drew something; 'hook': `architect hook` recorded an event;
   * 'armed': a pane's output pipe was just armed (a session started).
   */
  kind: 'output' | 'hook' | 'armed';
}

export type PaneActivityListener = (e: PaneActivityEvent) => void;

interface Followed {
  watcher: fs.FSWatcher | undefined;
  muted: boolean;
}

/**
 * The change signal, without capturing any pane. Output: one inotify watch (fs.watch) per
 * followed pane file (data/panes/<key>.out, which the pane's pipe grows) tells which pane drew.
 * A follower mutes a pane whose output it reads on its own schedule (a busy agent's spinner
 * repaints ten times a second: each notification is a wake-up of the process, and a wake-up
 * costs more here than the stat that replaces it). Hook events and newly armed pipes: one watch
 * on data/panes/signals, where `architect hook` and `armPanePipe` touch <key>.hook / <key>.pipe.
 *
 * Any number of processes can follow the same files (the assigner's watcher and auto-confirm
 * both do); within a process one owner follows and mutes (its ScreenObserver). Events are hints:
 * a reader always re-reads the screen or the database, and keeps a slow fallback scan in case
 * inotify drops events.
 */
export class PaneActivity implements Service {
  readonly name = 'pane-activity';
  private signals: fs.FSWatcher | undefined;
  private readonly followed = new Map<string, Followed>();
  private readonly listeners = new Set<PaneActivityListener>();
  private started = false;
  private stopped = false;
  /** Events seen (benchmarks and tests read it). */
  events = 0;

  constructor(private readonly opts: { dir: string; log: Logger }) {}

  on(listener: PaneActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get watching(): boolean {
    return this.signals !== undefined;
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const dir = signalsDir(this.opts.dir);
    const watcher = watchOrWarn(this.opts.log, dir, 'hook signals', () => fs.mkdirSync(dir, { recursive: true }), (_type, filename) => {
      if (filename) this.signal(String(filename));
    }, () => {
      if (this.signals === watcher) this.signals = undefined;
    });
    this.signals = watcher;
    for (const [key, f] of this.followed) if (!f.muted) this.open(key, f);
  }

  stop(): void {
    this.stopped = true;
    this.signals?.close();
    this.signals = undefined;
    for (const f of this.followed.values()) f.watcher?.close();
    this.followed.clear();
    this.listeners.clear();
  }

  /** Report this pane's output (its file is created if the pipe has not written yet). */
  follow(key: string): void {
    if (this.stopped || this.followed.has(key)) return;
    const f: Followed = { watcher: undefined, muted: false };
    this.followed.set(key, f);
    if (this.started) this.open(key, f);
  }

  unfollow(key: string): void {
    this.followed.get(key)?.watcher?.close();
    this.followed.delete(key);
  }

  /** Stop (or resume) reporting a followed pane's output; its file still grows and stamps its mtime. */
  mute(key: string, muted: boolean): void {
    const f = this.followed.get(key);
    if (!f || f.muted === muted) return;
    f.muted = muted;
    if (muted) {
      f.watcher?.close();
      f.watcher = undefined;
    } else if (this.started) this.open(key, f);
  }

  private open(key: string, f: Followed): void {
    if (f.watcher || this.stopped) return;
    const file = path.join(this.opts.dir, `${key}.out`);
    const prepare = () => {
      fs.mkdirSync(this.opts.dir, { recursive: true });
      // `cat >>` appends to whatever is there: creating the file early changes nothing for it.
      fs.closeSync(fs.openSync(file, 'a'));
    };
    const watcher = watchOrWarn(this.opts.log, file, 'pane output', prepare, (type) => {
      if (type === 'rename') return this.reopen(key, f); // removed or replaced: watch the new file
      this.emit({ key, kind: 'output' });
    }, () => {
      if (f.watcher === watcher) f.watcher = undefined;
    });
    f.watcher = watcher;
  }

  private reopen(key: string, f: Followed): void {
    f.watcher?.close();
    f.watcher = undefined;
    if (this.followed.get(key) !== f || f.muted) return;
    this.open(key, f);
    this.emit({ key, kind: 'output' });
  }

  private signal(filename: string): void {
    let kind: PaneActivityEvent['kind'];
    let key: string;
    if (filename.endsWith('.hook')) [kind, key] = ['hook', filename.slice(0, -5)];
    else if (filename.endsWith('.pipe')) [kind, key] = ['armed', filename.slice(0, -5)];
    else return;
    if (key) this.emit({ key, kind });
  }

  private emit(e: PaneActivityEvent): void {
    this.events++;
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (raw) {
        this.opts.log.error({ err: toError(raw), key: e.key }, 'pane activity listener failed');
      }
    }
  }
}

/**
 * fs.watch on `target` after `prepare` (directories, the file itself), or undefined with a
 * warning; a watch that fails later is closed, `onLost` runs, and the fallback scan covers it.
 */
function watchOrWarn(log: Logger, target: string, what: string, prepare: () => void, listener: fs.WatchListener<string>, onLost: () => void): fs.FSWatcher | undefined {
  try {
    prepare();
    const watcher = fs.watch(target, { persistent: false }, listener);
    watcher.on('error', (raw) => {
      log.warn({ err: toError(raw), target }, `${what} watch failed; relying on the fallback scan`);
      watcher.close();
      onLost();
    });
    return watcher;
  } catch (raw) {
    log.warn({ err: toError(raw), target }, `cannot watch ${what}; relying on the fallback scan`);
    return undefined;
  }
}
