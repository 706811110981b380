import { Batcher } from './batcher';
import { splitCommandSequence } from './controlQuote';
import { TmuxArgumentError, TmuxServerNotRunningError, TmuxSessionGoneError } from './errors';
import { assertEnvKey, exactTarget, tmuxSessionName } from './names';
import { pasteText, pressKeys, typeLiteral } from './input';
import { parseWindowActivity, readScreen, readScreens, WINDOW_ACTIVITY_FORMAT, type PaneScreen } from './screens';
import { PANE_PROCESS_FORMAT, parsePaneProcess, parseSessionList, SESSION_LIST_FORMAT, type PaneProcess, type TmuxSessionInfo } from './sessionList';
import { singleArgvSafe } from './text';
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
  /** Where the lock shared with Architect's other processes lives (serverEventLock.ts); tests only. */
  lockDir?: string;
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
 * Every tmux call Architect makes, and every argument list: callers name what they want (a
 * screen, keys, a session), never tmux's syntax. Session targets are always exact (`=name:`) so a
 * prefix never matches someone else's session. How a command travels — the control client or a
 * process of its own — is the transport's business (transport.ts).
 */
export class TmuxDriver {
  readonly socket: string | undefined;
  private readonly t: TmuxTransport;
  private readonly exec = (commands: string[][], opts?: RunOptions) => this.t.exec(commands, opts);
  /** Screen reads made in the same moment, one tmux process for all (without a control client); with escapes and without. */
  private readonly screenBatches = [false, true].map(
    (escapes) =>
      new Batcher<string, PaneScreen>(
        (targets) => readScreens(this.exec, targets, escapes),
        (target) => readScreen(this.exec, target, escapes),
      ),
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
      lockDir: opts.lockDir,
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
   * The live screen — as text, and as drawn (`raw`: with its escapes when asked for) — and the
   * pane width it was drawn at, read together (the width belongs to this capture). Through the
   * control client each read is its own pair of pipelined commands; without
   * one, reads asked for in the same moment share one tmux process. Throws like capture().
   */
  async screen(target: string, opts: { escapes?: boolean } = {}): Promise<PaneScreen> {
    const escapes = opts.escapes ?? false;
    if (await this.t.hasControl()) return readScreen(this.exec, target, escapes);
    return this.screenBatches[escapes ? 1 : 0]!.submit(target);
  }

  /** Press allowlisted keys in one session, in order, with one command (input.ts). */
  pressKeys(target: string, keys: string[]): Promise<void> {
    return pressKeys(this.exec, target, keys);
  }

  /**
   * Each session's last output time (`window_activity`, whole seconds, the latest of its
   * windows) from one `list-panes -a`: the cheap "did anything draw" signal. Throws
   * TmuxServerNotRunningError when there is no server.
   */
  async windowActivity(): Promise<Map<string, number>> {
    return parseWindowActivity(await this.t.exec([['list-panes', '-a', '-F', WINDOW_ACTIVITY_FORMAT]]));
  }

  /** Type `text` exactly as given: key names inside it ('Enter', 'C-c') are not interpreted. */
  sendLiteral(target: string, text: string): Promise<void> {
    return typeLiteral(this.exec, target, text);
  }

  /** Paste `text` as one piece, bracketed unless asked otherwise (input.ts). */
  async pasteText(target: string, text: string, opts: { bracketed?: boolean } = {}): Promise<void> {
    await pasteText(this.exec, await this.t.hasControl(), target, text, opts.bracketed ?? true);
  }

  /** Press one key from the allowlist (Enter, Escape, C-c, arrows, digits, …). */
  sendKey(target: string, key: string): Promise<void> {
    return pressKeys(this.exec, target, [key]);
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
