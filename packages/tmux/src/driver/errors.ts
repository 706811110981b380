import { ArchitectError } from '@architect/core';

export interface TmuxErrorData {
  args: string[];
  exitCode: number | null;
  stderr: string;
  socket?: string | undefined;
}

/** A tmux command failed: the arguments, exit code and stderr travel with the error. */
export class TmuxError extends ArchitectError {
  readonly args: string[];
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(message: string, data: TmuxErrorData, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'TMUX_FAILED', message, { ...data }, options);
    this.args = data.args;
    this.exitCode = data.exitCode;
    this.stderr = data.stderr;
  }
}

/** The target session, window or pane does not exist (killed, never created, or exited). */
export class TmuxSessionGoneError extends TmuxError {
  constructor(data: TmuxErrorData, options?: { cause?: unknown }) {
    super(`tmux target is gone: ${data.stderr.trim()}`, data, { ...options, code: 'TMUX_SESSION_GONE' });
  }
}

/** No tmux server answers on the socket: nothing has been started there yet, or it was killed. */
export class TmuxServerNotRunningError extends TmuxError {
  constructor(data: TmuxErrorData, options?: { cause?: unknown }) {
    const where = data.socket ? `socket "${data.socket}"` : 'the default socket';
    super(`tmux server is not running on ${where}`, data, { ...options, code: 'TMUX_NO_SERVER' });
  }
}

/** tmux did not answer within the per-call timeout (a hung server must not hang its caller). */
export class TmuxTimeoutError extends TmuxError {
  constructor(data: TmuxErrorData & { timeoutMs: number }, options?: { cause?: unknown }) {
    super(`tmux ${data.args[0] ?? ''} timed out after ${data.timeoutMs} ms`, data, { ...options, code: 'TMUX_TIMEOUT' });
  }
}

/** An argument the driver refuses to pass to tmux (bad name, key not on the allowlist, NUL byte). */
export class TmuxArgumentError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('TMUX_BAD_ARGUMENT', message, data);
  }
}

const GONE = /can't find (session|window|pane)|session not found|no such (session|window|pane)|pane .* is dead/i;
// Only a missing socket or a refused connection means no server. Any other "error connecting to
// <socket> (<reason>)" — e.g. EAGAIN when a busy server's listen backlog is full — is a failed
// call, not an empty server: read as "no server", one such listing marks every session gone. (The
// soak once saw all 20 sessions reported gone in one pass; this is the suspected cause.)
const NO_SERVER = /no server running|error connecting to .*\((No such file or directory|Connection refused)\)|server exited unexpectedly/i;

/** Turn a failed tmux call into the most specific error class its stderr allows. */
export function classifyTmuxFailure(data: TmuxErrorData, cause?: unknown): TmuxError {
  if (NO_SERVER.test(data.stderr) && !GONE.test(data.stderr)) return new TmuxServerNotRunningError(data, { cause });
  if (GONE.test(data.stderr)) return new TmuxSessionGoneError(data, { cause });
  const first = data.stderr.trim().split('\n')[0] || `exit code ${data.exitCode}`;
  return new TmuxError(`tmux ${data.args[0] ?? ''} failed: ${first}`, data, { cause });
}
