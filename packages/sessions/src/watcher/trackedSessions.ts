import { listSessionRows, type Db, type ProcessSignal, type ScreenSignal, type SessionState } from '@architect/db';
import type { Provider } from '@architect/tmux';
import { paneKey } from '../paths';

/** The watcher's view of one managed session. */
export interface Tracked {
  name: string;
  key: string;
  provider: Provider;
  paneWidth: number | undefined;
  present: boolean;
  /** Its hooks report (a hook event arrived since it started): the Stop hook ends its turns. */
  hooked: boolean;
  /** The effective state as this watcher last reported it. */
  state: SessionState;
  signal: ScreenSignal | null;
  permissionKey: string;
  hash: string | undefined;
  tmuxActivity: number | undefined;
  activityWrittenAt: number;
  recheck: NodeJS.Timeout | undefined;
  /** `#{pane_pid}` from the last scan: the root of the pane's process tree. */
  panePid: number | undefined;
  /** The process check's last verdict and the foreground it saw. */
  processState: ProcessSignal | null;
  foreground: string | null;
  /** When a capture last ran the process check / the progress check (both throttled while busy). */
  processCheckedAt: number;
  quietCheckedAt: number | undefined;
  /** Where the agent process was found last (checked first next time: no scan of /proc). */
  agentPid: number | undefined;
  /** The last screen read (for alerts: no capture of their own). */
  lastScreen: string | undefined;
  /** quietScreenKey of the last screen, and when it last changed (busy-with-no-progress alerts). */
  quietKey: string | undefined;
  quietAt: number | undefined;
}

/** The sessions the watcher follows, by name and by pane key (the file name under data/panes). */
export class TrackedSessions {
  private readonly byName = new Map<string, Tracked>();
  private readonly byKey = new Map<string, Tracked>();

  get(name: string): Tracked | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  withKey(key: string): Tracked | undefined {
    return this.byKey.get(key);
  }

  hasKey(key: string): boolean {
    return this.byKey.has(key);
  }

  /** A live iterator: the scan walks it across awaits, as the sync may have changed it meanwhile. */
  values(): IterableIterator<Tracked> {
    return this.byName.values();
  }

  /**
   * Track exactly the managed sessions in the database (the config sync put them there).
   * `forget` drops a session that left the list from whatever else holds it (the scheduler).
   */
  sync(db: Db, forget: (name: string) => void, now = Date.now()): void {
    const rows = listSessionRows(db, { managedOnly: true });
    const keep = new Set(rows.map((r) => r.name));
    for (const [name, t] of this.byName) {
      if (keep.has(name)) continue;
      clearTimeout(t.recheck);
      forget(name);
      this.byName.delete(name);
      this.byKey.delete(t.key);
    }
    for (const r of rows) {
      const existing = this.byName.get(r.name);
      if (existing) {
        existing.provider = r.provider as Provider;
        continue;
      }
      const t: Tracked = {
        name: r.name,
        key: paneKey(r.name),
        provider: r.provider as Provider,
        paneWidth: undefined,
        present: r.state !== 'gone',
        hooked: r.hookStateAt !== null,
        state: r.state,
        signal: r.screenState,
        permissionKey: '',
        hash: undefined,
        tmuxActivity: undefined,
        activityWrittenAt: 0,
        recheck: undefined,
        panePid: undefined,
        processState: r.processState,
        foreground: r.foreground,
        agentPid: undefined,
        processCheckedAt: 0,
        quietCheckedAt: undefined,
        lastScreen: undefined,
        quietKey: undefined,
        // Progress is counted from when this watcher started following the session.
        quietAt: now,
      };
      this.byName.set(r.name, t);
      this.byKey.set(t.key, t);
    }
  }
}
