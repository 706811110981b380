import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { controlCommandLine } from './controlQuote';

export interface ControlClientOptions {
  tmuxPath: string;
  socket: string | undefined;
  env: NodeJS.ProcessEnv | undefined;
  /** How long connecting may take before it counts as failed. */
  connectTimeoutMs: number;
}

/** What one command of a control-mode line answered: its output, or tmux's error text. */
export interface ControlReply {
  ok: boolean;
  /** The block's lines joined with '\n', each ending in '\n' as tmux prints them to a terminal. */
  output: string;
}

/** The control client went away (or was dropped) before every command it was sent was answered. */
export class ControlClientLostError extends Error {
  constructor(readonly reason: string) {
    super(`tmux control client lost: ${reason}`);
  }
}

interface Pending {
  resolve(reply: ControlReply): void;
  reject(err: Error): void;
}

const BEGIN = /^%begin (\d+) (\d+) (\d+)$/;

/**
 * One long-lived `tmux -C` client: commands written to its stdin, one per line, answered in
 * order by `%begin <time> <n> <flags>` … `%end|%error <time> <n> <flags>` blocks, with no process
 * start per command (~0.1 ms of our CPU against ~5 ms for a spawned client).
 *
 * A control client must be attached to a session or tmux ends it once its command queue is
 * empty, so it attaches to one (`-f no-output,ignore-size`: no `%output` stream, and it never
 * changes any window's size; `-E`: the session's environment is not updated from ours); that
 * session counts one more attached client while it lives.
 * When the session it is attached to is killed, tmux detaches it and the client exits: commands
 * still unanswered then are rejected with ControlClientLostError and the driver decides whether
 * they may be retried. A block only ends on the `%end`/`%error` line carrying the same command
 * number as its `%begin`, so screen text that happens to look like a guard line does not end it.
 */
export class ControlClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private buffered = '';
  /** The block being read: ours (answers pending[0]) or foreign (flags 0: the attach's own). */
  private block: { num: string; lines: string[]; ours: boolean } | undefined;
  private exited = false;
  private readonly exitListeners: Array<() => void> = [];
  private stderr = '';
  /** Commands written so far (benchmarks and tests read it). */
  commands = 0;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.child = child;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.on('data', (chunk: string) => {
      if (this.stderr.length < 4096) this.stderr += chunk;
    });
    child.stdin.on('error', () => undefined); // a client that exited must not raise EPIPE here
    child.once('error', () => this.handleExit('tmux could not be started'));
    child.once('exit', (code, signal) => this.handleExit(`tmux exited (${signal ?? `code ${code}`}) ${this.stderr.trim()}`.trim()));
  }

  /**
   * Start a control client attached to any session (tmux picks the most recent). Rejects when
   * there is no server or no session, with tmux's own words, so the caller can fall back.
   */
  static connect(opts: ControlClientOptions): Promise<ControlClient> {
    const argv = [...(opts.socket ? ['-L', opts.socket] : []), '-C', 'attach-session', '-E', '-f', 'no-output,ignore-size'];
    const child = spawn(opts.tmuxPath, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env, windowsHide: true });
    const client = new ControlClient(child);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.close();
        reject(new ControlClientLostError(`no answer within ${opts.connectTimeoutMs} ms`));
      }, opts.connectTimeoutMs);
      // A probe answered proves the client is attached and reading commands.
      client
        .send([['display-message', '-p', 'architect-control']])
        .then(([reply]) => {
          clearTimeout(timer);
          if (reply?.ok) resolve(client);
          else {
            client.close();
            reject(new ControlClientLostError(reply?.output.trim() || 'the probe failed'));
          }
        })
        .catch((err: Error) => {
          clearTimeout(timer);
          reject(new ControlClientLostError(`${err instanceof ControlClientLostError ? err.reason : err.message}`));
        });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  /** Write the commands (one line each) and resolve with their replies, in order. */
  send(commands: readonly (readonly string[])[]): Promise<ControlReply[]> {
    if (this.exited) return Promise.reject(new ControlClientLostError('the client has exited'));
    const lines = commands.map(controlCommandLine);
    const replies = lines.map(
      () =>
        new Promise<ControlReply>((resolve, reject) => {
          this.pending.push({ resolve, reject });
        }),
    );
    this.commands += lines.length;
    this.child.stdin.write(`${lines.join('\n')}\n`);
    return Promise.all(replies);
  }

  /** End the client: stdin closed (tmux detaches it), SIGKILL if it lingers. */
  close(reason = 'closed by the driver'): void {
    if (this.exited) return;
    this.failPending(reason);
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 500);
    timer.unref();
    this.child.once('exit', () => clearTimeout(timer));
  }

  /** Drop the client at once (a timed-out command leaves the reply order unknown). */
  kill(reason: string): void {
    this.failPending(reason);
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private onData(chunk: string): void {
    const text = this.buffered + chunk;
    let from = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', from)) >= 0) {
      this.onLine(text.slice(from, nl));
      from = nl + 1;
    }
    this.buffered = text.slice(from);
  }

  private onLine(line: string): void {
    const block = this.block;
    if (block) {
      // Only a line starting with `%` can close the block (a screen row may look like one too).
      const m = line.charCodeAt(0) === 37 ? /^%(end|error) (\d+) (\d+) (\d+)$/.exec(line) : null;
      if (m && m[3] === block.num) {
        this.block = undefined;
        if (!block.ours) return;
        const output = block.lines.length ? `${block.lines.join('\n')}\n` : '';
        this.pending.shift()?.resolve({ ok: m[1] === 'end', output });
        return;
      }
      block.lines.push(line);
      return;
    }
    const begin = BEGIN.exec(line);
    if (begin) {
      const ours = begin[3] === '1' && this.pending.length > 0;
      this.block = { num: begin[2]!, lines: [], ours };
      return;
    }
    if (line.startsWith('%')) return; // a notification (%session-changed, %exit, …)
    // Text outside any block: the reply order can no longer be trusted.
    this.kill(`unexpected output outside a reply: ${JSON.stringify(line.slice(0, 80))}`);
  }

  private handleExit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    this.failPending(reason);
    for (const l of this.exitListeners.splice(0)) l();
  }

  private failPending(reason: string): void {
    for (const p of this.pending.splice(0)) p.reject(new ControlClientLostError(reason));
  }
}
