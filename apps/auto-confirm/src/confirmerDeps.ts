import type { AutoConfirmConfig, Clock, Logger, SessionConfig } from '@architect/core';
import type { Db } from '@architect/db';
import type { CompiledPolicy } from '@architect/policy';
import type { AgentVerdict } from '@architect/sessions';
import type { PaneScreen } from '@architect/tmux';

/** A screen as the observer hands it out: with its hash. */
export type Shot = PaneScreen & { hash: string };

export interface ConfirmerDeps {
  db: Db;
  /**
   * The screen now (the process's ScreenObserver: the last screen read when nothing has drawn
   * since, else a capture); undefined when the session is gone.
   */
  read: (session: string) => Promise<Shot | undefined>;
  /** Presses keys in order (batched with other sessions' presses). */
  press: (session: string, keys: string[]) => Promise<void>;
  /** When the pane last drew (its pane file's mtime); absent without pane files, undefined when unknown. */
  lastChange?: (session: string) => number | undefined;
  policy: () => CompiledPolicy;
  config: AutoConfirmConfig;
  session: SessionConfig;
  home: string;
  protectedPaths: string[];
  clock: Clock;
  log: Logger;
  /** Checked right before every key: only the lease holder may press anything. */
  holdsLease: () => boolean;
  /**
   * Process truth right before every key (paneAgentCheck for this session): an agent that exited
   * leaves its last dialog drawn above a shell, and a `1` typed there runs in the shell. Absent:
   * only the screen is trusted.
   */
  checkAgent?: () => Promise<AgentVerdict | undefined>;
}

/**
 * One dialog as this process saw it. A dialog is identified by its session and region hash;
 * the episode lasts while that dialog stays on screen and ends as soon as a look shows anything
 * else, so two identical requests in a row are two episodes.
 */
export interface Episode {
  id: string;
  firstSeenAt: number;
  status: 'deciding' | 'answered' | 'escalated';
  /** Earliest moment for the first key: after the agent's key-ignore window. */
  pressAt: number;
  presses: number;
  lastPressAt: number;
  decisionId?: number;
}
