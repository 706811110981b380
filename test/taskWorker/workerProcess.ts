import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/cli';
import { trackResource } from '../support/leakGuard';

export const TASK_WORKER = path.join(REPO_ROOT, 'apps/task-worker/dist/main.js');

/** ARCHITECT_HOME with a config file, and the env that points a process at it. */
export function workerHome(dir: string, dbPath: string, taskWorker: Record<string, unknown>): Record<string, string> {
  fs.writeFileSync(path.join(dir, 'architect.config.json'), JSON.stringify({ taskWorker }));
  return { ARCHITECT_HOME: dir, ARCHITECT_DB: dbPath, LOG_LEVEL: 'warn' };
}

/** The built task-worker as its own process (what PM2 runs), tracked by the leak guard. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout = '';
  stderr = '';
  private readonly untrack: () => void;

  constructor(env: Record<string, string>, args: string[] = []) {
    this.child = spawn(process.execPath, [TASK_WORKER, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => (this.stdout += d));
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.untrack = trackResource(`task-worker pid ${this.child.pid}`, () => this.kill('SIGKILL'));
    void this.exited.then(() => this.untrack());
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
