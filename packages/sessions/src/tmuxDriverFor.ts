import type { Config } from '@architect/core';
import { TmuxDriver } from '@architect/tmux';

/**
 * The tmux driver a composition root builds from the config: Architect's socket and per-call
 * timeout, and — for a process that lives on (a daemon, the terminal UI, `sessions watch`) — the
 * control-mode client unless `sessionOptions.tmuxControlMode` is off. One-shot commands gain
 * nothing from a control client and use a process per call.
 */
export function tmuxDriverFor(config: Config, longLived: boolean): TmuxDriver {
  return new TmuxDriver({
    socket: config.tmuxSocket,
    timeoutMs: config.file.sessionOptions.tmuxTimeoutMs,
    controlMode: longLived && config.file.sessionOptions.tmuxControlMode,
  });
}
