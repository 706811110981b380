import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { Batcher } from './batcher';
import { ControlClient, ControlClientLostError } from './controlClient';
import { splitCommandSequence } from './controlQuote';
import { classifyTmuxFailure, TmuxArgumentError, TmuxError, TmuxServerNotRunningError, TmuxSessionGoneError, TmuxTimeoutError } from './errors';
import { assertEnvKey, assertKey, assertNoNul, exactTarget, tmuxSessionName } from './names';
import { PANE_PROCESS_FORMAT, parsePaneProcess, parseSessionList, SESSION_LIST_FORMAT, type PaneProcess, type TmuxSessionInfo } from './sessionList';

export interface TmuxDriverOptions {
  /** Server socket name (`tmux -L <socket>`); undefined means tmux's default server. */
  socket?: string | undefined;
  /** Per-call timeout; a hung tmux server must not hang the daemon calling it. */
  timeoutMs?: number;
  /** The tmux binary. */
  tmuxPath?: string;
  /** Environment for the tmux client processes (defaults to the caller's). */
  env?: NodeJS.ProcessEnv;
  /**
   * Send commands through one long-lived control-mode client (`tmux -C`) instead of a process
   * per call, falling back to a process when there is no server or no session to attach to. For
   * long-lived daemons; one-shot commands gain nothing from it. See docs/sessions.md.
   */
  controlMode?: boolean;
}

export interface RunOptions {
  /** Written to tmux's stdin (load-buffer -). */
  input?: string | Buffer;
  timeoutMs?: number;
}

/** A pane's screen and the width it was drawn at (tells a wrapped row from two rows). */
export interface PaneScreen {
  text: string;
  width: number | undefined;
}

export interface NewSessionOptions {
  cwd: string;
  /** The agent's argv. One element is run by tmux through the default shell (tmux's rule). */
  command?: string[];
  env?: Record<string, string>;
  width?: number;
  height?: number;
}

/**
 * tmux's client→server message limit is ~16 KB for the whole command, so long literal text is
 * typed in pieces. Pieces end on code point boundaries so no character is split.
 */
const LITERAL_CHUNK_BYTES = 4096;

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
 * Every tmux call Architect makes. Arguments are argv arrays handed to execFile (never a shell
 * string), each call has a timeout, and failures become typed errors carrying the arguments,
 * exit code and stderr. Session targets are always exact (`=name:`) so a prefix never matches
 * someone else's session. One call spawns one tmux client (~2–5 ms): callers on hot paths keep
 * the number of calls down (one `list-sessions` rather than a `has-session` per name).
 */
export class TmuxDriver {
  readonly socket: string | undefined;
  private readonly timeoutMs: number;
  private readonly tmuxPath: string;
  private readonly env: NodeJS.ProcessEnv | undefined;
  private bufferSeq = 0;
  private readonly controlMode: boolean;
  private control: ControlClient | undefined;
  private connecting: Promise<ControlClient | undefined> | undefined;
  private controlRetryAt = 0;
  /** Number of tmux processes spawned so far (benchmarks and tests read it). */
  calls = 0;
  /** Number of commands sent through the control client so far. */
  controlCalls = 0;
  /** Screen reads made in the same moment, one tmux process for all (without a control client). */
  private readonly screenBatch = new Batcher<string, PaneScreen>(
    (targets) => this.screensInOneProcess(targets),
    (target) => this.screenOne(target),
  );

  constructor(opts: TmuxDriverOptions = {}) {
    if (opts.socket !== undefined && !/^[A-Za-z0-9_.-]+$/.test(opts.socket)) {
      throw new TmuxArgumentError(`invalid tmux socket name ${JSON.stringify(opts.socket)}`, { socket: opts.socket });
    }
    this.socket = opts.socket;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.tmuxPath = opts.tmuxPath ?? 'tmux';
    this.env = opts.env;
    this.controlMode = opts.controlMode ?? false;
  }

  /**
   * Low-level: run `tmux [-L socket] ...args`, resolve with stdout. A lone `;` element separates
   * commands, as on tmux's command line; every other element is one argument, whatever it holds
   * (`abc;` stays `abc;`). Through the control client when there is one, else as a process of
   * its own; the one difference: through the control client the output's last line always ends
   * in a newline.
   */
  run(args: string[], opts: RunOptions = {}): Promise<string> {
    return this.exec(splitCommandSequence(args), opts);
  }

  /** Run commands (each an argv, never split further), in order; the core of every call. */
  private async exec(commands: string[][], opts: RunOptions = {}): Promise<string> {
    for (const c of commands) for (const a of c) assertNoNul(a, 'tmux argument');
    const args = commands.flatMap((c, i) => (i ? [';', ...c] : c));
    const readOnly = commands.every((c) => READ_ONLY.has(c[0]!));
    // A sequence that changes something keeps tmux's stop-at-the-first-failure rule: a process.
    if (opts.input === undefined && (readOnly || commands.length === 1) && !OWN_PROCESS.has(commands[0]?.[0] ?? '')) {
      const client = await this.controlClient();
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
        const client = await ControlClient.connect({ tmuxPath: this.tmuxPath, socket: this.socket, env: this.env, connectTimeoutMs: this.timeoutMs });
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

  /** Every session on the server with its active pane; throws TmuxServerNotRunningError when there is no server. */
  async listSessions(): Promise<TmuxSessionInfo[]> {
    const out = await this.run(['list-sessions', '-F', SESSION_LIST_FORMAT]);
    return parseSessionList(out);
  }

  /** Like listSessions, but a server that is not running simply has no sessions. */
  async listSessionsOrEmpty(): Promise<TmuxSessionInfo[]> {
    try {
      return await this.listSessions();
    } catch (err) {
      if (err instanceof TmuxServerNotRunningError) return [];
      throw err;
    }
  }

  async hasSession(name: string): Promise<boolean> {
    try {
      await this.run(['has-session', '-t', `=${tmuxSessionName(name)}`]);
      return true;
    } catch (err) {
      if (err instanceof TmuxSessionGoneError || err instanceof TmuxServerNotRunningError) return false;
      throw err;
    }
  }

  /**
   * The pane as drawn: the visible screen by default, plus `history` lines of scrollback.
   * Wrapped lines are NOT joined (no -J): the detectors read the screen row by row.
   */
  async capture(target: string, opts: { history?: number; joinWrapped?: boolean; escapes?: boolean } = {}): Promise<string> {
    const args = ['capture-pane', '-p', '-t', exactTarget(target)];
    if (opts.history && opts.history > 0) args.push('-S', String(-Math.floor(opts.history)));
    if (opts.joinWrapped) args.push('-J');
    if (opts.escapes) args.push('-e');
    return this.run(args);
  }

  /**
   * Capture several panes with one tmux process (a `;`-separated command sequence, each screen
   * preceded by a nonce marker line): the same text `capture()` returns for each, at a fraction
   * of the cost of one process per pane. tmux stops the sequence at the first failing command,
   * so any error (a session just killed) rejects the whole call: capture one by one then.
   */
  async captureMany(targets: string[]): Promise<Map<string, string>> {
    if (targets.length === 0) return new Map();
    const nonce = crypto.randomBytes(6).toString('hex');
    const marker = (i: number) => `@@architect-capture-${nonce}-${i}@@`;
    const args: string[] = [];
    targets.forEach((target, i) => {
      const t = exactTarget(target);
      if (i > 0) args.push(';');
      args.push('display-message', '-p', '-t', t, marker(i), ';', 'capture-pane', '-p', '-t', t);
    });
    const out = await this.run(args);
    const screens = new Map<string, string>();
    let rest = out;
    for (let i = 0; i < targets.length; i++) {
      const start = rest.indexOf(`${marker(i)}\n`);
      if (start < 0) throw new TmuxError(`tmux capture batch output is missing pane ${i}`, { args, exitCode: 0, stderr: '', socket: this.socket });
      rest = rest.slice(start + marker(i).length + 1);
      const end = i + 1 < targets.length ? rest.indexOf(`${marker(i + 1)}\n`) : rest.length;
      screens.set(targets[i]!, rest.slice(0, end < 0 ? rest.length : end));
      if (end >= 0) rest = rest.slice(end);
    }
    return screens;
  }

  /**
   * The live screen and the pane width it was drawn at, read together (the width belongs to this
   * capture). Through the control client each read is its own pair of pipelined commands; without
   * one, reads asked for in the same moment share one tmux process. Throws like capture().
   */
  async screen(target: string): Promise<PaneScreen> {
    if (await this.controlClient()) return this.screenOne(target);
    return this.screenBatch.submit(target);
  }

  /** Screen batches that needed one process for several panes (benchmarks and tests read it). */
  get screenBatches(): number {
    return this.screenBatch.batches;
  }

  private async screenOne(target: string): Promise<PaneScreen> {
    const t = exactTarget(target);
    const out = await this.exec([
      ['display-message', '-p', '-t', t, '#{pane_width}'],
      ['capture-pane', '-p', '-t', t],
    ]);
    const nl = out.indexOf('\n');
    return { text: out.slice(nl + 1), width: positiveInt(out.slice(0, nl)) };
  }

  private async screensInOneProcess(targets: string[]): Promise<PaneScreen[]> {
    const marker = `@@architect-screen-${crypto.randomBytes(6).toString('hex')}`;
    const commands = targets.flatMap((target, i) => {
      const t = exactTarget(target);
      return [
        ['display-message', '-p', '-t', t, `${marker} ${i} #{pane_width}`],
        ['capture-pane', '-p', '-t', t],
      ];
    });
    const screens = splitScreens(await this.exec(commands), marker, targets.length);
    if (screens.some((s) => s === undefined)) throw new TmuxError('tmux screen batch output is missing a pane', { args: commands.flat(), exitCode: 0, stderr: '', socket: this.socket });
    return screens as PaneScreen[];
  }

  /**
   * Press allowlisted keys in one session, in order, with one command. Not batched across
   * sessions without a control client: tmux stops a list at its first failure, and which presses
   * had already happened could not be told, so a retry might press a key twice.
   */
  async pressKeys(target: string, keys: string[]): Promise<void> {
    for (const k of keys) assertKey(k);
    if (keys.length === 0) return;
    await this.exec([['send-keys', '-t', exactTarget(target), ...keys]]);
  }

  /**
   * Each session's last output time (`window_activity`, whole seconds, the latest of its
   * windows) from one `list-panes -a`: the cheap "did anything draw" signal. Throws
   * TmuxServerNotRunningError when there is no server.
   */
  async windowActivity(): Promise<Map<string, number>> {
    const out = await this.exec([['list-panes', '-a', '-F', `#{session_name}${SEP}#{window_activity}`]]);
    const activity = new Map<string, number>();
    for (const line of out.split('\n')) {
      const i = line.lastIndexOf(SEP);
      if (i <= 0) continue;
      const name = line.slice(0, i);
      activity.set(name, Math.max(activity.get(name) ?? 0, Number(line.slice(i + 1)) || 0));
    }
    return activity;
  }

  /** Type `text` exactly as given: key names inside it ('Enter', 'C-c') are not interpreted. */
  async sendLiteral(target: string, text: string): Promise<void> {
    assertNoNul(text, 'text');
    const t = exactTarget(target);
    for (const chunk of chunkUtf8(text, LITERAL_CHUNK_BYTES)) {
      await this.exec([['send-keys', '-l', '-t', t, '--', chunk]]);
    }
  }

  /**
   * Paste `text` through a uniquely named buffer: load-buffer from stdin (no argv size limit,
   * no escaping), then paste-buffer -p (bracketed, when the app asked for it) -r (keep LF, do not
   * turn newlines into Enter) -d (delete the buffer afterwards).
   */
  async pasteText(target: string, text: string, opts: { bracketed?: boolean } = {}): Promise<void> {
    const t = exactTarget(target);
    const name = `architect-${process.pid}-${++this.bufferSeq}-${crypto.randomBytes(3).toString('hex')}`;
    if (await this.controlClient()) await this.exec([['set-buffer', '-b', name, '--', text]]);
    else await this.run(['load-buffer', '-b', name, '-'], { input: text });
    try {
      const args = ['paste-buffer', '-r', '-d', '-b', name, '-t', t];
      if (opts.bracketed ?? true) args.splice(1, 0, '-p');
      await this.run(args);
    } catch (err) {
      await this.run(['delete-buffer', '-b', name]).catch(() => undefined);
      throw err;
    }
  }

  /** Press one key from the allowlist (Enter, Escape, C-c, arrows, digits, …). */
  async sendKey(target: string, key: string): Promise<void> {
    assertKey(key);
    await this.run(['send-keys', '-t', exactTarget(target), key]);
  }

  /** Create a detached session; resolves with the pid of its first pane. */
  async newSession(name: string, opts: NewSessionOptions): Promise<{ panePid: number }> {
    const session = tmuxSessionName(name);
    const args = ['new-session', '-d', '-P', '-F', '#{pane_pid}', '-s', session, '-c', opts.cwd];
    if (opts.width) args.push('-x', String(Math.floor(opts.width)));
    if (opts.height) args.push('-y', String(Math.floor(opts.height)));
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      assertEnvKey(k);
      args.push('-e', `${k}=${v}`);
    }
    if (opts.command && opts.command.length) args.push('--', ...singleArgvSafe(opts.command));
    const out = await this.run(args);
    return { panePid: Number(out.trim()) || 0 };
  }

  /** True when the session was killed, false when it did not exist (or no server runs). */
  async killSession(name: string): Promise<boolean> {
    try {
      await this.run(['kill-session', '-t', `=${tmuxSessionName(name)}`]);
      return true;
    } catch (err) {
      if (err instanceof TmuxSessionGoneError || err instanceof TmuxServerNotRunningError) return false;
      throw err;
    }
  }

  async setEnvironment(session: string, key: string, value: string): Promise<void> {
    assertEnvKey(key);
    await this.exec([['set-environment', '-t', `=${tmuxSessionName(session)}`, key, value]]);
  }

  /**
   * Pipe the pane's output (-O: output only) to `shellCommand`, replacing any existing pipe; null
   * closes the pipe. tmux runs the command with /bin/sh — the one place its API takes a shell
   * string, so callers build it from quoted, validated parts only.
   */
  async pipePane(target: string, shellCommand: string | null): Promise<void> {
    const t = exactTarget(target);
    await this.run(shellCommand === null ? ['pipe-pane', '-t', t] : ['pipe-pane', '-O', '-t', t, shellCommand]);
  }

  /** Expand a tmux format for the target (`#{pane_width}`, `#{pane_current_command}`, …). */
  /** The pane's first process and tmux's idea of its foreground: one `display-message` call. */
  async paneProcess(target: string): Promise<PaneProcess> {
    return parsePaneProcess(await this.displayMessage(target, PANE_PROCESS_FORMAT));
  }

  async displayMessage(target: string, format: string): Promise<string> {
    const out = await this.exec([['display-message', '-p', '-t', exactTarget(target), format]]);
    return out.endsWith('\n') ? out.slice(0, -1) : out;
  }

  /** Move the tmux client this process runs inside ($TMUX) to the session's pane. */
  async switchClient(session: string): Promise<void> {
    await this.exec([['switch-client', '-t', exactTarget(session)]]);
  }

  /**
   * The command line of an interactive `tmux attach` to the session, for a caller that runs it in
   * the foreground on its own terminal (the driver never attaches anything itself).
   */
  attachCommand(session: string): { file: string; args: string[] } {
    return { file: this.tmuxPath, args: [...(this.socket ? ['-L', this.socket] : []), 'attach-session', '-t', `=${tmuxSessionName(session)}`] };
  }

  async killServer(): Promise<void> {
    try {
      await this.run(['kill-server']);
    } catch (err) {
      if (!(err instanceof TmuxServerNotRunningError)) throw err;
    }
  }
}

const SEP = '\u001f';

function positiveInt(text: string): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Cuts a screen batch at its marker lines (`<marker> <index> <width>`, then that pane's rows). */
export function splitScreens(out: string, marker: string, count: number): (PaneScreen | undefined)[] {
  const screens: (PaneScreen | undefined)[] = new Array(count).fill(undefined);
  // Every row, each pane's last included, ends with a newline: drop only the very last one.
  const lines = (out.endsWith('\n') ? out.slice(0, -1) : out).split('\n');
  let current = -1;
  let rows: string[] = [];
  let width: number | undefined;
  const flush = () => {
    if (current < 0 || current >= count) return;
    // The same text a single capture gives: every row newline-terminated.
    screens[current] = { text: rows.length ? `${rows.join('\n')}\n` : '', width };
  };
  for (const line of lines) {
    if (line.startsWith(`${marker} `)) {
      flush();
      const [, index, w] = line.split(' ');
      current = Number(index);
      width = positiveInt(w ?? '');
      rows = [];
    } else if (current >= 0) {
      rows.push(line);
    }
  }
  flush();
  return screens;
}

/** Split into pieces of at most `maxBytes` UTF-8 bytes without cutting a code point. */
export function chunkUtf8(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const chunks: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes && current) {
      chunks.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * tmux runs a one-element command through `sh -c`, so a lone path with spaces or quotes would be
 * split by the shell. Such an element is wrapped as `exec '<path>'` to keep argv semantics.
 */
function singleArgvSafe(command: string[]): string[] {
  if (command.length !== 1 || /^[A-Za-z0-9_@%+=:,./-]+$/.test(command[0]!)) return command;
  return [`exec '${command[0]!.replaceAll("'", `'\\''`)}'`];
}
