import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../support/cli';
import { trackResource } from '../support/leakGuard';

/** A built app bundle (apps/<name>/dist/main.js) as its own process, tracked by the leak guard. */
export class AppProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output = '';
  private readonly untrack: () => void;

  constructor(app: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [path.join(REPO_ROOT, `apps/${app}/dist/main.js`)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.untrack = trackResource(`${app} pid ${this.child.pid}`, () => this.kill('SIGKILL'));
    void this.exited.then(() => this.untrack());
  }

  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
