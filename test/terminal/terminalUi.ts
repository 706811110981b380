/**
 * `architect terminal` as a user runs it: an interactive bash in a pane of its own private tmux
 * server (apart from the agents' server), the built CLI typed at the shell prompt, keys sent with
 * send-keys and the screen read with capture-pane.
 */
import { spawnSync } from 'node:child_process';
import { CLI } from '../support/cli';
import { TmuxServer } from '../support/tmuxServer';
import { waitFor } from '../support/waitFor';

export const PS1 = 'term-test$ ';

export class TerminalUi {
  readonly tmux = new TmuxServer('termui');

  constructor(env: Record<string, string>, size: { width: number; height: number } = { width: 120, height: 40 }) {
    this.tmux.newSession('ui', ['bash', '--norc', '--noprofile'], {
      ...size,
      // CI=true as CI runners export it: the UI must draw live all the same (Ink alone would not).
      env: { ...env, PS1, TERM: 'xterm-256color', CI: 'true' },
    });
  }

  async shellReady(): Promise<void> {
    await waitFor('the shell prompt', () => this.lastLine().startsWith(PS1.trim()), { timeoutMs: 15_000 });
  }

  /** Start the UI at the shell prompt and wait for its first frame. */
  async open(): Promise<void> {
    await this.shellReady();
    this.tmux.run('send-keys', '-t', 'ui', '-l', '--', `node '${CLI}' terminal`);
    this.tmux.run('send-keys', '-t', 'ui', 'Enter');
    await this.screenShows('the first frame', /^1 Sessions/m, 30_000);
  }

  screen(): string {
    return this.tmux.capture('ui');
  }

  lastLine(): string {
    return this.screen().trimEnd().split('\n').at(-1) ?? '';
  }

  alternateScreen(): boolean {
    return this.tmux.run('display-message', '-p', '-t', 'ui', '#{alternate_on}').trim() === '1';
  }

  /** Literal keys (`-l`) or named keys (Enter, Tab, Escape…). */
  type(text: string): void {
    this.tmux.run('send-keys', '-t', 'ui', '-l', '--', text);
  }

  key(...names: string[]): void {
    this.tmux.run('send-keys', '-t', 'ui', ...names);
  }

  resize(width: number, height: number): void {
    this.tmux.run('resize-window', '-t', 'ui', '-x', String(width), '-y', String(height));
  }

  async screenShows(what: string, re: RegExp, timeoutMs = 20_000): Promise<string> {
    return waitFor(what, () => {
      const s = this.screen();
      return re.test(s) ? s : undefined;
    }, { timeoutMs, intervalMs: 100 }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- screen ---\n${this.screen()}`);
    });
  }

  /** The pid of the `architect terminal` process (the shell's child). */
  uiPid(): number {
    const shell = this.tmux.run('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim();
    const r = spawnSync('pgrep', ['-P', shell, '-f', 'terminal'], { encoding: 'utf8' });
    const pid = Number(r.stdout.trim().split('\n')[0]);
    if (!pid) throw new Error(`no architect terminal under shell ${shell}`);
    return pid;
  }

  kill(): void {
    this.tmux.kill();
  }
}
