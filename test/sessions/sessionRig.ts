/**
 * One Architect home for an end-to-end sessions test: a temp ARCHITECT_HOME with a migrated
 * database and a config file, a private tmux server (never the user's), and the fake agent CLIs
 * as the sessions' commands. `dispose()` kills the tmux server, waits for the fake agents to exit
 * (they still run SessionEnd hooks after SIGHUP), then removes the directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { architect, REPO_ROOT, type CliResult } from '../support/cli';
import { TmuxServer } from '../support/tmuxServer';
import { waitFor } from '../support/waitFor';
import { removeDir } from '../support/removeDir';

export const FAKE = {
  claude: path.join(REPO_ROOT, 'test/fake-agents/claude.mjs'),
  codex: path.join(REPO_ROOT, 'test/fake-agents/codex.mjs'),
  aider: path.join(REPO_ROOT, 'test/fake-agents/aider.mjs'),
};

export interface RigSession {
  name: string;
  provider: 'claude' | 'codex' | 'aider' | 'gemini' | 'shell';
  cwd?: string;
  command?: string | string[];
  hooks?: boolean;
  [key: string]: unknown;
}

export function readJsonLines(file: string): Record<string, unknown>[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class SessionRig {
  readonly home: string;
  readonly work: string;
  readonly tmux: TmuxServer;
  readonly env: Record<string, string>;
  private pids = new Set<number>();

  constructor(prefix = 'sess') {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), `architect-${prefix}-`));
    this.work = path.join(this.home, 'work');
    fs.mkdirSync(this.work);
    this.tmux = new TmuxServer(prefix);
    this.env = {
      ARCHITECT_HOME: this.home,
      ARCHITECT_DB: path.join(this.home, 'data', 'architect.db'),
      ARCHITECT_CONFIG: path.join(this.home, 'architect.config.json'),
      ARCHITECT_TMUX_SOCKET: this.tmux.socket,
    };
    this.writeConfig([]);
    const m = this.cli(['db', 'migrate']);
    if (m.code !== 0) throw new Error(`migrate failed: ${m.stderr}`);
  }

  get dbPath(): string {
    return path.join(this.home, 'data', 'architect.db');
  }

  get panesDir(): string {
    return path.join(this.home, 'data', 'panes');
  }

  record(session: string): string {
    return path.join(this.home, `${session}.record.jsonl`);
  }

  /** A fake agent command for a session, recording into `<home>/<session>.record.jsonl`. */
  fake(agent: keyof typeof FAKE, session: string, script: object = {}, args: string[] = []): string[] {
    const scriptFile = path.join(this.home, `${session}.script.json`);
    fs.writeFileSync(scriptFile, JSON.stringify(script));
    return ['node', FAKE[agent], '--record', this.record(session), '--script', scriptFile, ...args];
  }

  writeConfig(sessions: RigSession[], extra: Record<string, unknown> = {}): void {
    const config = {
      sessions: sessions.map((s) => ({ cwd: this.work, ...s })),
      sessionOptions: { staggerMs: 0, width: 120, height: 40, ...(extra.sessionOptions as object) },
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'sessionOptions')),
    };
    fs.writeFileSync(path.join(this.home, 'architect.config.json'), JSON.stringify(config, null, 2));
  }

  cli(args: string[], input?: string, env: Record<string, string | undefined> = {}): CliResult {
    return architect(args, { ...this.env, ...env }, input);
  }

  /** `sessions up --json`, remembering the pane pids so dispose can wait for them. */
  up(args: string[] = []): { name: string; action: string; panePid?: number; hooks: boolean; error?: string }[] {
    const r = this.cli(['sessions', 'up', '--json', ...args]);
    if (r.code !== 0) throw new Error(`sessions up failed (${r.code}): ${r.stderr}${r.stdout}`);
    const results = JSON.parse(r.stdout) as { name: string; action: string; panePid?: number; hooks: boolean }[];
    for (const x of results) if (x.panePid) this.pids.add(x.panePid);
    return results;
  }

  listJson(): Record<string, unknown>[] {
    const r = this.cli(['sessions', 'list', '--json']);
    if (r.code !== 0) throw new Error(`sessions list failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, unknown>[];
  }

  async waitForRecord(session: string, what: string, pred: (e: Record<string, unknown>) => boolean, timeoutMs = 10_000) {
    return waitFor(what, () => readJsonLines(this.record(session)).find(pred), { timeoutMs });
  }

  async dispose(): Promise<void> {
    this.tmux.kill();
    await waitFor('fake agents to exit', () => [...this.pids].every((p) => !alive(p)), { timeoutMs: 10_000 }).catch(() => {
      for (const p of this.pids) if (alive(p)) process.kill(p, 'SIGKILL');
    });
    removeDir(this.home);
  }
}
