import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Commands after which tmux writes a notification to every control client, including one still
 * identifying itself (%sessions-changed, %session-renamed, %paste-buffer-changed/-deleted).
 */
export const NOTIFIES_EVERY_CONTROL_CLIENT = new Set([
  'new-session',
  'kill-session',
  'rename-session',
  'set-buffer',
  'load-buffer',
  'paste-buffer',
  'delete-buffer',
]);

export interface ServerEventLockOptions {
  /** The tmux server's socket name (undefined: tmux's default server). */
  socket: string | undefined;
  /** How long a holder may keep it: older than this, its holder is taken for dead. */
  staleMs: number;
  /** How long to wait for it before going on without it (a tmux call must never hang on it). */
  waitMs: number;
  /** Where the lock lives (default: the OS's temp directory). */
  dir?: string;
}

/**
 * tmux crashes its server — every agent session with it — when a session is created or closed,
 * or a paste buffer changes, while a control client is between its first identify message and
 * its last (tmux/tmux#4980: the notification is written to a client whose control state does not
 * exist yet; tmux 3.3a here, and releases after it). So every Architect process takes this lock,
 * one per tmux server and user, around connecting a control client (until its first answer) and
 * around each command that notifies every control client. It is a directory (mkdir is atomic
 * across processes); a holder that died leaves it behind for `staleMs` at most. What it cannot
 * cover: an agent's session ending by itself, or someone else's tmux command, in the few
 * milliseconds of a connect — which is why a control client connects rarely (docs/sessions.md).
 */
export class ServerEventLock {
  readonly path: string;

  constructor(private readonly opts: ServerEventLockOptions) {
    const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
    this.path = path.join(opts.dir ?? os.tmpdir(), `architect-tmux-${uid}-${opts.socket ?? 'default'}.lock`);
  }

  async with<T>(fn: () => Promise<T>): Promise<T> {
    const held = await this.acquire();
    try {
      return await fn();
    } finally {
      if (held) this.release();
    }
  }

  /** True when taken; false when it could not be within waitMs (the caller goes on without it). */
  private async acquire(): Promise<boolean> {
    const deadline = Date.now() + this.opts.waitMs;
    for (;;) {
      try {
        fs.mkdirSync(this.path, { mode: 0o700 });
        return true;
      } catch (err) {
        // No temp directory to lock in: nothing to serialize against either.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      }
      this.breakIfStale();
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private breakIfStale(): void {
    try {
      if (Date.now() - fs.statSync(this.path).mtimeMs > this.opts.staleMs) fs.rmdirSync(this.path);
    } catch {
      // released or broken meanwhile
    }
  }

  private release(): void {
    try {
      fs.rmdirSync(this.path);
    } catch {
      // broken as stale by another process: nothing of ours is left
    }
  }
}
