import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/cli';
import { trackResource } from '../support/leakGuard';

export const SMS_UPDATES = path.join(REPO_ROOT, 'apps/sms-updates/dist/main.js');

/** ARCHITECT_HOME with an `sms` config section, and the env that points a process at it (no TWILIO_* leaks in). */
export function smsHome(dir: string, dbPath: string, sms: Record<string, unknown>): Record<string, string> {
  fs.writeFileSync(path.join(dir, 'architect.config.json'), JSON.stringify({ sms }));
  return { ARCHITECT_HOME: dir, ARCHITECT_DB: dbPath, LOG_LEVEL: 'warn', ...NO_SMS_ENV };
}

/** Blanks the SMS variables a developer's shell may set, so tests use only their config file. */
export const NO_SMS_ENV: Record<string, string> = {
  TWILIO_ACCOUNT_SID: '',
  TWILIO_AUTH_TOKEN: '',
  TWILIO_API_KEY: '',
  TWILIO_API_SECRET: '',
  TWILIO_FROM: '',
  ARCHITECT_SMS_TO: '',
  ARCHITECT_SMS_WEBHOOK: '',
};

/** The built sms-updates daemon as its own process (what PM2 runs), tracked by the leak guard. */
export class SmsDaemonProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout = '';
  stderr = '';

  constructor(env: Record<string, string>, args: string[] = []) {
    this.child = spawn(process.execPath, [SMS_UPDATES, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.stdout += d));
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    const untrack = trackResource(`sms-updates pid ${this.child.pid}`, () => this.kill('SIGKILL'));
    void this.exited.then(() => untrack());
  }

  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
