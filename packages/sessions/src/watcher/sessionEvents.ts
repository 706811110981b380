import { toError, type Logger } from '@architect/core';
import type { SessionState, TurnEnd } from '@architect/db';

/** A session's effective state moved (from any signal: hook, screen, or tmux scan). */
export interface SessionStateChange {
  session: string;
  from: SessionState;
  to: SessionState;
  source: 'hook' | 'screen' | 'process' | 'scan' | null;
  at: number;
  /** The dialog on screen or from the PermissionRequest hook, when `to` is waiting_input. */
  permission: Record<string, unknown> | null;
  /** The captured screen, when the screen caused the change (the response of a hookless turn). */
  screen?: string;
}

/** The agent finished a turn (Stop / StopFailure hook), with its final message. */
export interface SessionTurnEnd extends TurnEnd {
  session: string;
}

/** A tiny typed listener set: listeners never break each other or the watcher. */
export class Listeners<T> {
  private readonly set = new Set<(e: T) => void>();

  constructor(private readonly log: Logger, private readonly what: string) {}

  add(fn: (e: T) => void): () => void {
    this.set.add(fn);
    return () => this.set.delete(fn);
  }

  emit(e: T): void {
    for (const fn of this.set) {
      try {
        fn(e);
      } catch (raw) {
        this.log.error({ err: toError(raw), event: this.what }, 'session event listener failed');
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
