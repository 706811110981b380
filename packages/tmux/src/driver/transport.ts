import { execFile } from 'node:child_process';
import { ControlClient, ControlClientLostError } from './controlClient';
import { classifyTmuxFailure, TmuxError, TmuxTimeoutError } from './errors';
import { assertNoNul } from './names';
import { NOTIFIES_EVERY_CONTROL_CLIENT, ServerEventLock } from './serverEventLock';

export interface RunOptions {
  /** Written to tmux's stdin (load-buffer -). */
  input?: string | Buffer;
  timeoutMs?: number;
}

export interface TransportOptions {
  socket: string | undefined;
  timeoutMs: number;
  tmuxPath: string;
  env: NodeJS.ProcessEnv | undefined;
  controlMode: boolean;
  /** Where the server-event lock lives (tests); default the OS's temp directory. */
  lockDir?: string | undefined;
}

/** Commands that change nothing: one the control client lost may be asked again of a process. */
const READ_ONLY = new Set(['capture-pane', 'display-message', 'list-sessions', 'list-panes', 'list-windows', 'has-session', 'show-buffer', 'show-environment', 'show-options']);
/**
 * Always a process of their own: new-session takes its environment and working directory from
 * the client that runs it (ours, as the caller set them now); kill-session may end the session
 * the control client is attached to, and kill-server the server, and with them the client, before
 * it reads the answer; switch-client moves the client that runs it (the caller's terminal, found by
 * $TMUX), never the control client. None of them is on a hot path.
 */
const OWN_PROCESS = new Set(['new-session', 'kill-session', 'kill-server', 'switch-client']);
/** After a failed connect (no server, no session), calls use processes for this long. */
const CONTROL_RETRY_MS = 1000;

/**
 * How a tmux command reaches the server: through the control client when there is one (see
 * controlClient.ts), else as a tmux client process of its own (execFile, an argv, never a shell
 * string, with a timeout; failures become typed errors carrying arguments, exit code and stderr).
 */
export class TmuxTransport {
  readonly socket: string | undefined;
  readonly tmuxPath: string;
  private readonly timeoutMs: number;
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly controlMode: boolean;
  private control: ControlClient | undefined;
  private connecting: Promise<ControlClient | undefined> | undefined;
  private controlRetryAt = 0;
  /** Shared by every Architect process on this server: see serverEventLock.ts. */
  private readonly events: ServerEventLock;
  /** Number of tmux processes spawned so far. */
  calls = 0;
  /** Number of commands sent through the control client so far. */
  controlCalls = 0;

  constructor(opts: TransportOptions) {
    this.socket = opts.socket;
    this.timeoutMs = opts.timeoutMs;
    this.tmuxPath = opts.tmuxPath;
    this.env = opts.env;
    this.controlMode = opts.controlMode;
    this.events = new ServerEventLock({ socket: opts.socket, staleMs: opts.timeoutMs + 1000, waitMs: opts.timeoutMs + 1000, dir: opts.lockDir });
  }

  /** True when commands go through a control client right now (connecting one if due). */
  async hasControl(): Promise<boolean> {
    return (await this.controlClient()) !== undefined;
  }

  /** Run commands (each an argv, never split further), in order; the core of every call. */
  async exec(commands: string[][], opts: RunOptions = {}): Promise<string> {
    for (const c of commands) for (const a of c) assertNoNul(a, 'tmux argument');
    const args = commands.flatMap((c, i) => (i ? [';', ...c] : c));
    const readOnly = commands.every((c) => READ_ONLY.has(c[0]!));
    // A sequence that changes something keeps tmux's stop-at-the-first-failure rule: a process.
    const viaControl = opts.input === undefined && (readOnly || commands.length === 1) && !OWN_PROCESS.has(commands[0]?.[0] ?? '');
    // Connected (or not) before the lock is taken: connecting takes it too.
    const client = viaControl ? await this.controlClient() : undefined;
    if (!commands.some((c) => NOTIFIES_EVERY_CONTROL_CLIENT.has(c[0]!))) return this.execOn(client, commands, args, readOnly, opts);
    return this.events.with(() => this.execOn(client, commands, args, readOnly, opts));
  }

  private async execOn(client: ControlClient | undefined, commands: string[][], args: string[], readOnly: boolean, opts: RunOptions): Promise<string> {
    if (client) {
      try {
        return await this.runControl(client, args, commands, opts.timeoutMs ?? this.timeoutMs);
      } catch (err) {
        // Lost before it answered: a read may be asked again; a change may have happened.
        if (!(err instanceof ControlClientLostError)) throw err;
        if (!readOnly) {
          throw new TmuxError(`tmux ${args[0]} not confirmed: ${err.message} (it may have run)`, { args, exitCode: null, stderr: err.reason, socket: this.socket }, { cause: err });
        }
      }
    }
    // On tmux's command line an argument ending in `;` ends a command; `\;` keeps it literal.
    const argv = commands.flatMap((c, i) => [...(i ? [';'] : []), ...c.map((a) => (a.endsWith(';') ? `${a.slice(0, -1)}\\;` : a))]);
    return this.spawnRun(argv, args, opts);
  }

  /** Stop the control client, if any (daemons call it on shutdown; nothing else needs to). */
  close(): void {
    this.controlRetryAt = Number.POSITIVE_INFINITY;
    this.control?.close();
    this.control = undefined;
  }

  /** The control client's pid while one is connected (tests kill it). */
  get controlPid(): number | undefined {
    return this.control?.alive ? this.control.pid : undefined;
  }

  private async controlClient(): Promise<ControlClient | undefined> {
    if (!this.controlMode) return undefined;
    if (this.control?.alive) return this.control;
    if (Date.now() < this.controlRetryAt) return undefined;
    this.connecting ??= (async () => {
      this.calls++;
      try {
        // Until its first answer the client is identifying itself: no session may come or go then.
        const client = await this.events.with(() => ControlClient.connect({ tmuxPath: this.tmuxPath, socket: this.socket, env: this.env, connectTimeoutMs: this.timeoutMs }));
        if (this.controlRetryAt === Number.POSITIVE_INFINITY) {
          client.close();
          return undefined;
        }
        this.control = client;
        client.onExit(() => {
          if (this.control === client) this.control = undefined;
        });
        return client;
      } catch {
        if (this.controlRetryAt !== Number.POSITIVE_INFINITY) this.controlRetryAt = Date.now() + CONTROL_RETRY_MS;
        return undefined;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private async runControl(client: ControlClient, args: string[], commands: string[][], timeoutMs: number): Promise<string> {
    this.controlCalls += commands.length;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The reply order is unknown from here on: this client is done.
        client.kill(`tmux ${args[0]} timed out`);
        reject(new TmuxTimeoutError({ args, exitCode: null, stderr: '', socket: this.socket, timeoutMs }));
      }, timeoutMs);
    });
    try {
      const replies = await Promise.race([client.send(commands), timeout]);
      let out = '';
      for (const reply of replies) {
        if (!reply.ok) throw classifyTmuxFailure({ args, exitCode: 1, stderr: reply.output, socket: this.socket });
        out += reply.output;
      }
      return out;
    } finally {
      clearTimeout(timer);
    }
  }

  private spawnRun(tmuxArgv: string[], args: string[], opts: RunOptions): Promise<string> {
    const argv = this.socket ? ['-L', this.socket, ...tmuxArgv] : [...tmuxArgv];
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    this.calls++;
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.tmuxPath,
        argv,
        { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: this.env, windowsHide: true },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string };
          const data = { args, exitCode: typeof e.code === 'number' ? e.code : null, stderr: String(stderr ?? ''), socket: this.socket };
          if (e.killed && e.signal === 'SIGKILL') return reject(new TmuxTimeoutError({ ...data, timeoutMs }, { cause: err }));
          if (e.code === 'ENOENT') {
            return reject(classifyTmuxFailure({ ...data, stderr: `tmux binary not found: ${this.tmuxPath}` }, err));
          }
          reject(classifyTmuxFailure(data, err));
        },
      );
      if (opts.input !== undefined) {
        child.stdin?.on('error', () => {}); // tmux exiting early must not raise EPIPE here
        child.stdin?.end(opts.input);
      } else {
        child.stdin?.end();
      }
    });
  }
}
