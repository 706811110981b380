/**
 * An Architect home for auto-confirm end-to-end tests: a migrated database, a config file, a
 * private tmux server running fake agents (with the sessions layer's pane pipes armed), and
 * auto-confirm daemons started as real processes from apps/auto-confirm/dist/main.js.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, migrate, migrationsDir, syncConfiguredSessions, type Db } from '@architect/db';
import { trackResource } from '../support/leakGuard';
import { TmuxServer } from '../support/tmuxServer';
import { waitFor } from '../support/waitFor';
import { removeDir } from '../support/removeDir';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const DAEMON = path.join(REPO, 'apps/auto-confirm/dist/main.js');
const FAKES = path.join(REPO, 'test/fake-agents');

export interface RecordEvent {
  t: number;
  event: string;
  [key: string]: unknown;
}

export interface AgentSpec {
  name: string;
  agent: 'claude' | 'codex' | 'aider';
  script: object;
  args?: string[];
  /** Claude: pass a hooks settings file that runs `architect hook`. */
  hooks?: boolean;
  width?: number;
  /** Run the agent as `sh -c '<agent>; exec bash --rcfile <thenShell> -i'`: a shell takes the pane when the agent exits. */
  thenShell?: string;
}

/** Turn scripts: each prompt word maps to one permission request. */
export function permissionScript(requests: Record<string, object>): object {
  return {
    default: { workMs: 50, reply: 'done: {prompt}' },
    rules: Object.entries(requests).map(([match, permission]) => ({
      exact: match,
      steps: [{ permission, onReject: 'deny' }],
      reply: `did ${match}`,
      deniedReply: `not doing ${match}`,
    })),
  };
}

export class AutoConfirmHome {
  readonly home: string;
  readonly dbPath: string;
  readonly tmux: TmuxServer;
  readonly db: Db;
  private daemons = new Set<ChildProcess>();
  private untrack: () => void;

  constructor(readonly autoConfirm: Record<string, unknown>) {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-ac-'));
    this.dbPath = path.join(this.home, 'data', 'architect.db');
    this.db = createDb({ path: this.dbPath });
    migrate(this.db, migrationsDir(REPO));
    this.tmux = new TmuxServer('ac');
    this.untrack = trackResource(`auto-confirm home ${this.home}`, () => this.dispose());
  }

  get env(): Record<string, string> {
    return { ARCHITECT_HOME: this.home, ARCHITECT_TMUX_SOCKET: this.tmux.socket, LOG_LEVEL: 'info' };
  }

  /** Write the config with these sessions, sync the sessions table, start the fake agents. */
  start(specs: AgentSpec[]): void {
    const sessions = specs.map((s) => ({ name: s.name, provider: s.agent, cwd: this.cwdOf(s.name), hooks: Boolean(s.hooks) }));
    fs.writeFileSync(path.join(this.home, 'architect.config.json'), JSON.stringify({ sessions, autoConfirm: this.autoConfirm }, null, 2));
    syncConfiguredSessions(
      this.db,
      sessions.map((s) => ({ name: s.name, provider: s.provider, role: 'worker', specialties: [], cwd: s.cwd })),
      Date.now(),
    );
    fs.mkdirSync(path.join(this.home, 'data', 'panes'), { recursive: true });
    for (const s of specs) this.startAgent(s);
  }

  cwdOf(name: string): string {
    const cwd = path.join(this.home, 'work', name);
    fs.mkdirSync(cwd, { recursive: true });
    return cwd;
  }

  recordFile(name: string): string {
    return path.join(this.home, `${name}.record.jsonl`);
  }

  private startAgent(s: AgentSpec): void {
    const scriptFile = path.join(this.home, `${s.name}.script.json`);
    fs.writeFileSync(scriptFile, JSON.stringify(s.script));
    const args = [path.join(FAKES, `${s.agent}.mjs`), '--script', scriptFile, '--record', this.recordFile(s.name), ...(s.args ?? [])];
    if (s.hooks) args.push('--settings', this.hookSettings(s.name));
    const argv = [process.execPath, ...args];
    const command = s.thenShell ? ['sh', '-c', `${argv.map((a) => `'${a}'`).join(' ')}; exec bash --rcfile '${s.thenShell}' -i`] : argv;
    this.tmux.newSession(s.name, command, { cwd: this.cwdOf(s.name), width: s.width ?? 120, height: 40 });
    // What the sessions watcher does for every managed session: the pane's output → its .out file.
    const out = path.join(this.home, 'data', 'panes', `${s.name.replaceAll('.', '_')}.out`);
    this.tmux.run('pipe-pane', '-O', '-t', `=${s.name}:`, `exec cat >> '${out}'`);
  }

  /** Claude settings running `architect hook` for PermissionRequest (plus SessionStart, so hooks are seen). */
  private hookSettings(name: string): string {
    const command = [
      `ARCHITECT_HOME='${this.home}'`,
      `ARCHITECT_SESSION='${name}'`,
      `'${process.execPath}'`,
      `'${path.join(REPO, 'apps/cli/dist/main.js')}'`,
      'hook',
    ].join(' ');
    const group = (matcher?: string) => [{ ...(matcher ? { matcher } : {}), hooks: [{ type: 'command', command, timeout: 10 }] }];
    const file = path.join(this.home, `${name}.settings.json`);
    fs.writeFileSync(file, JSON.stringify({ hooks: { SessionStart: group('*'), PermissionRequest: group('*') } }));
    return file;
  }

  events(name: string): RecordEvent[] {
    const file = this.recordFile(name);
    if (!fs.existsSync(file)) return [];
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as RecordEvent);
  }

  eventsOf(name: string, event: string): RecordEvent[] {
    return this.events(name).filter((e) => e.event === event);
  }

  async ready(name: string): Promise<void> {
    await waitFor(`${name} started`, () => this.eventsOf(name, 'start').length > 0 && /❯|›|│ >|^> /m.test(this.tmux.capture(name)), { timeoutMs: 15_000 });
  }

  /** Type a prompt into the agent (the fake turns it into a permission request). */
  ask(name: string, prompt: string): void {
    this.tmux.run('send-keys', '-t', `=${name}:`, '-l', '--', prompt);
    this.tmux.run('send-keys', '-t', `=${name}:`, 'Enter');
  }

  async turnEnded(name: string, n = 1, timeoutMs = 15_000): Promise<RecordEvent> {
    return waitFor(`${n}× turn-end for ${name}`, () => this.eventsOf(name, 'turn-end')[n - 1], { timeoutMs });
  }

  /** Start an auto-confirm daemon; resolves once it has said 'ready' on its log. */
  async daemon(extraEnv: Record<string, string> = {}): Promise<{ proc: ChildProcess; log: () => string; stop: () => Promise<number | null> }> {
    const proc = spawn(process.execPath, [DAEMON], { env: { ...process.env, ...this.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.daemons.add(proc);
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    await waitFor('auto-confirm ready', () => /"msg":"ready"/.test(out) || proc.exitCode !== null, { timeoutMs: 15_000 });
    if (proc.exitCode !== null) throw new Error(`auto-confirm exited ${proc.exitCode}: ${out}`);
    return {
      proc,
      log: () => out,
      stop: async () => {
        if (proc.exitCode === null) proc.kill('SIGINT');
        const code = await exited;
        this.daemons.delete(proc);
        return code;
      },
    };
  }

  /** Run the daemon once (or with a broken config) to completion. */
  runDaemon(args: string[], timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const proc = spawn(process.execPath, [DAEMON, ...args], { env: { ...process.env, ...this.env } });
      let output = '';
      proc.stdout.on('data', (d) => (output += d));
      proc.stderr.on('data', (d) => (output += d));
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      proc.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  interactions(session?: string): { kind: string; outcome: string | null; via: string | null; command: string | null; rule: string | null; session_name: string }[] {
    return this.db.sqlite
      .prepare(`SELECT * FROM interactions ${session ? 'WHERE session_name = ?' : ''} ORDER BY id`)
      .all(...(session ? [session] : [])) as never;
  }

  dispose(): void {
    this.untrack();
    for (const p of this.daemons) p.kill('SIGKILL');
    this.daemons.clear();
    this.tmux.kill();
    this.db.close();
    // Agents killed with the tmux server may still append to their record files for a moment.
    removeDir(this.home);
  }
}
