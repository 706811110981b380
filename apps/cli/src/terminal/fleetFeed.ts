import { STUCK_MS, readLiveDialog, type LiveDialog } from '@architect/approvals';
import { toError, type Clock, type Logger } from '@architect/core';
import {
  DbChangeWatcher,
  activePrompts,
  latestHealthChecks,
  listPrompts,
  listSessionViews,
  openOutageCount,
  queuePage,
  sessionsNeedingHuman,
  statusSummary,
  stuckSessions,
  type Db,
  type SessionView,
  type StatusSummary,
} from '@architect/db';
import type { TmuxDriver } from '@architect/tmux';
import { needsYouItems, queueItems, type NeedsYouItem, type QueueItem } from './viewModel';

export interface FleetSnapshot {
  at: number;
  sessions: SessionView[];
  needs: NeedsYouItem[];
  queue: QueueItem[];
  status: StatusSummary;
  health: { checks: number; failing: string[]; openOutages: number };
  /** The dialog on each waiting session's screen, read live (what Approve once / Deny answers). */
  dialogs: ReadonlyMap<string, LiveDialog>;
}

export interface FleetFeedDeps {
  db: Db;
  tmux: TmuxDriver;
  clock: Clock;
  log: Logger;
  /** Re-read this often even without a change signal: ages and "stuck" move with the clock. */
  fallbackMs?: number;
}

const QUEUE_ROWS = 50;
const ENDED_ROWS = 4;

/** Everything a frame shows but the clock. */
function contentKey(s: FleetSnapshot): string {
  return JSON.stringify([s.sessions, s.needs, s.queue, s.status, s.health]);
}

/**
 * The fleet as the terminal shows it, re-read when another process commits (the database's
 * change signal: the `-wal` file plus `PRAGMA data_version`) and on a slow fallback timer, never
 * on a fast poll. Reads are a handful of indexed queries; the only tmux calls are for sessions
 * waiting on a dialog, once per episode (cached by the row's state time).
 */
export class FleetFeed {
  private watcher: DbChangeWatcher;
  private timer: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private listeners = new Set<(s: FleetSnapshot) => void>();
  private dialogCache = new Map<string, { key: string; dialog: LiveDialog }>();
  private dialogPass = false;
  private dialogAgain = false;
  private stopped = false;
  private key = '';
  current: FleetSnapshot;

  constructor(private readonly deps: FleetFeedDeps) {
    this.watcher = new DbChangeWatcher({ db: deps.db, log: deps.log, onChange: () => this.refreshSoon() });
    this.current = this.read();
  }

  start(): void {
    this.watcher.start();
    this.armFallback();
    void this.refreshDialogs();
  }

  stop(): void {
    this.stopped = true;
    this.watcher.stop();
    clearTimeout(this.timer);
    clearTimeout(this.pending);
  }

  onUpdate(listener: (s: FleetSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Coalesce a burst of commits (a delivery writes several rows) into one re-read. */
  refreshSoon(delayMs = 30): void {
    if (this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refresh(false);
    }, delayMs);
  }

  /**
   * Re-read; redraw only when something shown changed. Most commits while the fleet is idle are
   * daemon heartbeats, which change nothing on screen; `force` (the fallback tick) redraws anyway
   * so the ages move on.
   */
  refresh(force = true): void {
    if (this.stopped) return;
    try {
      const next = this.read();
      const key = contentKey(next);
      if (force || key !== this.key) {
        this.key = key;
        this.current = next;
        this.emit();
      }
      // A dialog still being drawn at the last look is looked at again (cached ones cost nothing).
      void this.refreshDialogs();
    } catch (raw) {
      this.deps.log.error({ err: toError(raw) }, 'terminal: reading the fleet failed');
    }
  }

  private armFallback(): void {
    this.timer = setTimeout(() => {
      this.refresh();
      if (!this.stopped) this.armFallback();
    }, this.deps.fallbackMs ?? 10_000);
    this.timer.unref();
  }

  private emit(): void {
    for (const l of this.listeners) l(this.current);
  }

  private read(): FleetSnapshot {
    const { db } = this.deps;
    const now = this.deps.clock.now();
    const ended = [...listPrompts(db, { status: 'completed', limit: ENDED_ROWS }), ...listPrompts(db, { status: 'failed', limit: ENDED_ROWS }), ...listPrompts(db, { status: 'cancelled', limit: ENDED_ROWS })]
      .sort((a, b) => (b.completedAt ?? 0) - (a.completedAt ?? 0))
      .slice(0, ENDED_ROWS);
    const checks = latestHealthChecks(db);
    return {
      at: now,
      sessions: listSessionViews(db, { managedOnly: true }),
      needs: needsYouItems(sessionsNeedingHuman(db), stuckSessions(db, now, STUCK_MS), now),
      queue: queueItems(queuePage(db, 0, QUEUE_ROWS).rows, activePrompts(db), ended),
      status: statusSummary(db, now),
      health: { checks: checks.length, failing: checks.filter((c) => c.status !== 'ok').map((c) => String(c.check_name)), openOutages: openOutageCount(db) },
      dialogs: this.current?.dialogs ?? new Map(),
    };
  }

  /** Read the dialog of each newly waiting session from its screen (a fresh capture, as the dashboard does). */
  private async refreshDialogs(): Promise<void> {
    // One pass at a time; a change during a pass runs one more pass after it.
    if (this.dialogPass) {
      this.dialogAgain = true;
      return;
    }
    this.dialogPass = true;
    try {
      do {
        this.dialogAgain = false;
        await this.readDialogs();
      } while (this.dialogAgain && !this.stopped);
    } finally {
      this.dialogPass = false;
    }
  }

  private async readDialogs(): Promise<void> {
    const waiting = this.current.needs.filter((n) => n.kind === 'waiting');
    let changed = waiting.length !== this.current.dialogs.size;
    for (const w of waiting) {
      const key = `${w.since ?? 0}`;
      if (this.dialogCache.get(w.session)?.key === key) continue;
      const dialog = await readLiveDialog(this.deps.db, this.deps.tmux, w.session).catch(() => undefined);
      // Not readable yet (still drawing): looked at again on the next change or fallback tick.
      if (!dialog) continue;
      this.dialogCache.set(w.session, { key, dialog });
      changed = true;
    }
    if (!changed || this.stopped) return;
    const dialogs = new Map<string, LiveDialog>();
    for (const w of waiting) {
      const d = this.dialogCache.get(w.session)?.dialog;
      if (d) dialogs.set(w.session, d);
    }
    this.current = { ...this.current, dialogs };
    this.emit();
  }

  /** Forget a session's dialog (after answering it) so the next refresh reads the screen again. */
  forgetDialog(session: string): void {
    this.dialogCache.delete(session);
  }
}
