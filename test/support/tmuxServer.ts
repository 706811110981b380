import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { trackResource } from './leakGuard';
import { processRuns } from './processRuns';

/**
 * A private tmux server (`tmux -L <socket>`) for one test: never the user's own server. Call
 * `kill()` in afterEach/finally; the leak guard fails a test that forgets.
 */
export class TmuxServer {
  readonly socket: string;
  private untrack: () => void;

  constructor(prefix = 'arch-test') {
    this.socket = `${prefix}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    this.untrack = trackResource(`tmux server ${this.socket}`, () => this.kill());
  }

  /** Run a tmux command on this server; returns stdout. Throws with stderr on failure. */
  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', timeout: 10_000 });
  }

  newSession(name: string, command: string[], opts: { cwd?: string; width?: number; height?: number; env?: Record<string, string> } = {}): void {
    const env = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.run(
      'new-session', '-d', '-s', name,
      '-x', String(opts.width ?? 120), '-y', String(opts.height ?? 40),
      ...(opts.cwd ? ['-c', opts.cwd] : []),
      ...env,
      ...command,
    );
  }

  capture(target: string): string {
    return this.run('capture-pane', '-p', '-t', target);
  }

  hasSession(name: string): boolean {
    return spawnSync('tmux', ['-L', this.socket, 'has-session', '-t', `=${name}`]).status === 0;
  }

  kill(): void {
    this.untrack();
    // Returns once the server has ended, so no test leaves one behind while it exits. kill-server
    // once left a server running (serving a control client that held its pipes) after removing
    // the socket, where no later tmux command reaches it: its pid is asked first, and it is ended
    // by signal when kill-server did not end it within a second.
    const asked = spawnSync('tmux', ['-L', this.socket, 'display-message', '-p', '#{pid}'], { encoding: 'utf8', timeout: 10_000 });
    const pid = Number(asked.stdout?.trim());
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { timeout: 10_000 });
    if (Number.isInteger(pid) && pid > 0) endProcess(pid);
    // kill-server leaves the socket file behind; a long test history would litter /tmp with them.
    const uid = process.getuid?.() ?? 0;
    fs.rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, this.socket), { force: true });
  }
}

/** SIGKILL `pid` unless it exits within a second of kill-server (the normal case: at once). */
function endProcess(pid: number): void {
  const deadline = Date.now() + 1000;
  while (Date.now() < deadline) {
    if (!processRuns(pid)) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone meanwhile.
  }
}
