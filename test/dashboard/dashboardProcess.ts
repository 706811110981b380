/**
 * The dashboard and auto-confirm as PM2 runs them — the built apps/<name>/dist/main.js — in
 * their own processes over an AssignerRig's home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../support/cli';
import { trackResource } from '../support/leakGuard';
import { waitFor } from '../support/waitFor';

export class DaemonProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  output = '';
  private readonly untrack: () => void;

  constructor(app: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [path.join(REPO_ROOT, 'apps', app, 'dist', 'main.js')], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-200_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.untrack = trackResource(`${app} pid ${this.child.pid}`, () => this.kill());
    void this.exited.then(() => this.untrack());
  }

  ready(timeoutMs = 20_000): Promise<unknown> {
    return waitFor('daemon ready', () => /"msg":"ready"/.test(this.output) || this.child.exitCode !== null, { timeoutMs, intervalMs: 25 }).then(() => {
      if (this.child.exitCode !== null) throw new Error(`daemon exited: ${this.output}`);
    });
  }

  kill(): Promise<unknown> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 9000);
    return this.exited.finally(() => clearTimeout(t));
  }
}

/** A free port on 127.0.0.1 (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
