import crypto from 'node:crypto';
import { Batcher } from './batcher';
import { splitCommandSequence } from './controlQuote';
import { TmuxArgumentError, TmuxServerNotRunningError, TmuxSessionGoneError } from './errors';
import { assertEnvKey, assertKey, assertNoNul, exactTarget, tmuxSessionName } from './names';
import { readScreen, readScreens, SEP, type PaneScreen } from './screens';
import { PANE_PROCESS_FORMAT, parsePaneProcess, parseSessionList, SESSION_LIST_FORMAT, type PaneProcess, type TmuxSessionInfo } from './sessionList';
import { chunkUtf8, singleArgvSafe } from './text';
import { TmuxTransport, type RunOptions } from './transport';

export type { PaneScreen } from './screens';
export { splitScreens } from './screens';
export { chunkUtf8 } from './text';
export type { RunOptions } from './transport';

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

/**
 * Every tmux call Architect makes, and every argument list: callers name what they want (a
 * screen, keys, a session), never tmux's syntax. Session targets are always exact (`=name:`) so a
 * prefix never matches someone else's session. How a command travels — the control client or a
 * process of its own — is the transport's business (transport.ts).
 */
export class TmuxDriver {
  readonly socket: string | undefined;
  private readonly t: TmuxTransport;
  private bufferSeq = 0;
  /** Screen reads made in the same moment, one tmux process for all (without a control client). */
  private readonly exec = (commands: string[][]) => this.t.exec(commands);
  private readonly screenBatch = new Batcher<string, PaneScreen>(
    (targets) => readScreens(this.exec, targets),
    (target) => readScreen(this.exec, target),
  );

  constructor(opts: TmuxDriverOptions = {}) {
    if (opts.socket !== undefined && !/^[A-Za-z0-9_.-]+$/.test(opts.socket)) {
      throw new TmuxArgumentError(`invalid tmux socket name ${JSON.stringify(opts.socket)}`, { socket: opts.socket });
    }
    this.socket = opts.socket;
    this.t = new TmuxTransport({
      socket: opts.socket,
      timeoutMs: opts.timeoutMs ?? 5000,
      tmuxPath: opts.tmuxPath ?? 'tmux',
      env: opts.env,
      controlMode: opts.controlMode ?? false,
    });
  }

  /** Number of tmux processes spawned so far (benchmarks and tests read it). */
  get calls(): number {
    return this.t.calls;
  }

  /** Number of commands sent through the control client so far. */
  get controlCalls(): number {
    return this.t.controlCalls;
  }

  /** The control client's pid while one is connected (tests kill it). */
  get controlPid(): number | undefined {
    return this.t.controlPid;
  }

  /** Stop the control client, if any (daemons call it on shutdown; nothing else needs to). */
  close(): void {
    this.t.close();
  }

  /**
   * Low-level: run `tmux [-L socket] ...args`, resolve with stdout. A lone `;` element separates
   * commands, as on tmux's command line; every other element is one argument, whatever it holds
   * (`abc;` stays `abc;`). Through the control client when there is one, else as a process of
   * its own; the one difference: through the control client the output's last line always ends
   * in a newline.
   */
  run(args: string[], opts: RunOptions = {}): Promise<string> {
    return this.t.exec(splitCommandSequence(args), opts);
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
   * Capture several panes at once (one tmux process without a control client): the same text
   * `capture()` returns for each. Any error (a session just killed) rejects the whole call:
   * capture one by one then.
   */
  async captureMany(targets: string[]): Promise<Map<string, string>> {
    if (targets.length === 0) return new Map();
    const screens = await readScreens(this.exec, targets);
    return new Map(targets.map((t, i) => [t, screens[i]!.text]));
  }

  /**
   * The live screen and the pane width it was drawn at, read together (the width belongs to this
   * capture). Through the control client each read is its own pair of pipelined commands; without
   * one, reads asked for in the same moment share one tmux process. Throws like capture().
   */
  async screen(target: string): Promise<PaneScreen> {
    if (await this.t.hasControl()) return readScreen(this.exec, target);
    return this.screenBatch.submit(target);
  }

  /** Screen batches that needed one process for several panes (benchmarks and tests read it). */
  get screenBatches(): number {
    return this.screenBatch.batches;
  }

  /**
   * Press allowlisted keys in one session, in order, with one command. Not batched across
   * sessions without a control client: tmux stops a list at its first failure, and which presses
   * had already happened could not be told, so a retry might press a key twice.
   */
  async pressKeys(target: string, keys: string[]): Promise<void> {
    for (const k of keys) assertKey(k);
    if (keys.length === 0) return;
    await this.t.exec([['send-keys', '-t', exactTarget(target), ...keys]]);
  }

  /**
   * Each session's last output time (`window_activity`, whole seconds, the latest of its
   * windows) from one `list-panes -a`: the cheap "did anything draw" signal. Throws
   * TmuxServerNotRunningError when there is no server.
   */
  async windowActivity(): Promise<Map<string, number>> {
    const out = await this.t.exec([['list-panes', '-a', '-F', `#{session_name}${SEP}#{window_activity}`]]);
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
      await this.t.exec([['send-keys', '-l', '-t', t, '--', chunk]]);
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
    if (await this.t.hasControl()) await this.t.exec([['set-buffer', '-b', name, '--', text]]);
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
    await this.t.exec([['set-environment', '-t', `=${tmuxSessionName(session)}`, key, value]]);
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
    const out = await this.t.exec([['display-message', '-p', '-t', exactTarget(target), format]]);
    return out.endsWith('\n') ? out.slice(0, -1) : out;
  }

  /** Move the tmux client this process runs inside ($TMUX) to the session's pane. */
  async switchClient(session: string): Promise<void> {
    await this.t.exec([['switch-client', '-t', exactTarget(session)]]);
  }

  /**
   * The command line of an interactive `tmux attach` to the session, for a caller that runs it in
   * the foreground on its own terminal (the driver never attaches anything itself).
   */
  attachCommand(session: string): { file: string; args: string[] } {
    return { file: this.t.tmuxPath, args: [...(this.socket ? ['-L', this.socket] : []), 'attach-session', '-t', `=${tmuxSessionName(session)}`] };
  }

  async killServer(): Promise<void> {
    try {
      await this.run(['kill-server']);
    } catch (err) {
      if (!(err instanceof TmuxServerNotRunningError)) throw err;
    }
  }
}
