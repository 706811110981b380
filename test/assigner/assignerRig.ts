/**
 * The assigner as PM2 runs it — the built apps/assigner/dist/main.js in its own process — over a
 * SessionRig (temp ARCHITECT_HOME, migrated database, private tmux server, fake agents). Prompts
 * are queued straight into the database from the test (another connection, exactly like the
 * CLI), so a run of hundreds does not pay a Node start per prompt.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createDb, enqueuePrompt, type Db, type EnqueueInput } from '@architect/db';
import { REPO_ROOT } from '../support/cli';
import { trackResource } from '../support/leakGuard';
import { waitFor } from '../support/waitFor';
import { readJsonLines, SessionRig } from '../sessions/sessionRig';

export const ASSIGNER = path.join(REPO_ROOT, 'apps/assigner/dist/main.js');

export class AssignerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output = '';
  private readonly untrack: () => void;

  constructor(env: Record<string, string>, args: string[] = []) {
    this.child = spawn(process.execPath, [ASSIGNER, ...args], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Keep only the tail: a long run logs a line per delivery.
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-200_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.untrack = trackResource(`assigner pid ${this.child.pid}`, () => this.kill('SIGKILL'));
    void this.exited.then(() => this.untrack());
  }

  /** runDaemon logs "ready" once every service started (signal handlers are in place from then on). */
  ready(timeoutMs = 15_000): Promise<void> {
    return waitFor('assigner ready', () => /"msg":"ready"/.test(this.output), { timeoutMs, intervalMs: 20 }).then(() => undefined);
  }

  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Log lines at warn (40) or worse: a clean run has none but the ones a test provokes. */
  problems(): string[] {
    return this.output.split('\n').filter((l) => /"level":(40|50|60)/.test(l));
  }
}

export interface RecordedPrompt {
  session: string;
  text: string;
  t: number;
  queued: boolean;
}

export class AssignerRig extends SessionRig {
  private conn: Db | undefined;

  get db(): Db {
    this.conn ??= createDb({ path: this.dbPath });
    return this.conn;
  }

  enqueue(input: EnqueueInput): number {
    return enqueuePrompt(this.db, input, Date.now());
  }

  start(args: string[] = []): AssignerProcess {
    return new AssignerProcess(this.env, args);
  }

  /** Every prompt each fake agent received, from its record file. */
  received(sessions: string[]): RecordedPrompt[] {
    return sessions.flatMap((s) =>
      readJsonLines(this.record(s))
        .filter((e) => e.event === 'prompt')
        .map((e) => ({ session: s, text: e.text as string, t: e.t as number, queued: e.queued === true })),
    );
  }

  /** Keys that reached an agent while it was busy (must stay empty). */
  keysWhileBusy(sessions: string[]): Record<string, unknown>[] {
    return sessions.flatMap((s) => readJsonLines(this.record(s)).filter((e) => e.event === 'key' && e.state === 'busy').map((e) => ({ ...e, session: s })));
  }

  counts(): Record<string, number> {
    const rows = this.db.sqlite.prepare('SELECT status, count(*) AS n FROM prompts GROUP BY status').all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  override async dispose(): Promise<void> {
    this.conn?.close();
    await super.dispose();
  }
}
