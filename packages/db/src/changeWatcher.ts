import fs from 'node:fs';
import path from 'node:path';
import { toError, type Logger, type Service } from '@architect/core';
import type { Db } from './createDb';

/** Delays of the re-checks after an event that showed no new commit yet. */
const RECHECK_MS = [2, 10, 50, 200];

export interface DbChangeWatcherOptions {
  db: Db;
  /** Called (coalesced) after another connection committed a write. */
  onChange: () => void;
  log: Logger;
}

/**
 * Wakes a daemon within milliseconds of another process's commit. Every commit in WAL mode
 * writes the `-wal` file, so we watch its directory (the file itself can be deleted and
 * recreated when the last connection closes) and confirm with `PRAGMA data_version`, which moves
 * only when another connection committed, so our own writes do not wake us. A daemon still keeps
 * a slow fallback poll: inotify can be unavailable (some network file systems) or overflow.
 */
export class DbChangeWatcher implements Service {
  readonly name = 'db-change-watcher';
  private watcher: fs.FSWatcher | undefined;
  private version = 0;
  private scheduled = false;
  private recheck = 0;
  private stopped = false;

  constructor(private readonly opts: DbChangeWatcherOptions) {}

  start(): void {
    if (this.watcher || this.stopped || this.opts.db.path === ':memory:') return;
    const walName = `${path.basename(this.opts.db.path)}-wal`;
    this.version = this.dataVersion();
    try {
      this.watcher = fs.watch(path.dirname(this.opts.db.path), { persistent: false }, (_event, filename) => {
        if (filename === walName) this.schedule();
      });
      this.watcher.on('error', (raw) => {
        this.opts.log.warn({ err: toError(raw) }, 'database watcher failed; relying on the fallback poll');
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (raw) {
      this.opts.log.warn({ err: toError(raw) }, 'cannot watch the database; relying on the fallback poll');
    }
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = undefined;
  }

  /**
   * One commit fires several file events: check once per turn of the event loop. The events come
   * from the frames being written, which can be a moment before the commit is published in the
   * shared-memory index (that write is an mmap store, which fires no event), so an unchanged
   * data_version is looked at again a few times shortly after instead of being taken as final.
   */
  private schedule(): void {
    this.recheck = 0;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.check());
  }

  private check(): void {
    this.scheduled = false;
    if (this.stopped || !this.opts.db.sqlite.open) return;
    try {
      const v = this.dataVersion();
      if (v !== this.version) {
        this.version = v;
        this.opts.onChange();
        return;
      }
      const delay = RECHECK_MS[this.recheck++];
      if (delay === undefined) return;
      this.scheduled = true;
      setTimeout(() => this.check(), delay).unref();
    } catch (raw) {
      this.opts.log.error({ err: toError(raw) }, 'database change handler failed');
    }
  }

  private dataVersion(): number {
    return Number(this.opts.db.sqlite.pragma('data_version', { simple: true }));
  }
}
