/**
 * Starting fake agents in a private tmux server for a test, and stopping them cleanly: after
 * `kill-server` a fake still writes its `exit` record (and may run SessionEnd hooks), so the
 * temp directory is removed only once every fake process is gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyScreen, type Provider } from '../../packages/tmux/src/detectors/index';
import { processRuns } from '../support/processRuns';
import { TmuxServer } from '../support/tmuxServer';
import { waitFor } from '../support/waitFor';

export type FakeAgent = 'claude' | 'codex' | 'aider';

export interface RecordEvent {
  t: number;
  event: string;
  [key: string]: unknown;
}

export function readJsonLines<T = Record<string, unknown>>(file: string): T[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as T];
      } catch {
        return []; // a line being written right now
      }
    });
}

export class FakeAgentRig {
  readonly tmux: TmuxServer;
  readonly dir: string;
  private records: string[] = [];

  constructor(prefix = 'fake') {
    this.tmux = new TmuxServer(prefix);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-agents-`));
  }

  /** Starts a fake in its own session (120x40 unless told otherwise); returns helpers bound to it. */
  start(agent: FakeAgent, script: object, args: string[] = [], session = 'agent', size = { width: 120, height: 40 }) {
    const { tmux, dir } = this;
    const scriptFile = path.join(dir, `${session}-script.json`);
    const recordFile = path.join(dir, `${session}-record.jsonl`);
    fs.writeFileSync(scriptFile, JSON.stringify(script));
    this.records.push(recordFile);
    tmux.newSession(
      session,
      [process.execPath, path.join(import.meta.dirname, `${agent}.mjs`), '--script', scriptFile, '--record', recordFile, ...args],
      { cwd: dir, ...size },
    );
    const events = () => readJsonLines<RecordEvent>(recordFile);
    const screen = () => tmux.capture(session);
    return {
      events,
      screen,
      type: (text: string) => tmux.run('send-keys', '-t', session, '-l', '--', text),
      keys: (...keys: string[]) => tmux.run('send-keys', '-t', session, ...keys),
      /** Bracketed paste from a named buffer, as the assigner delivers multi-line prompts. */
      paste: (text: string) => {
        const file = path.join(dir, `${session}-paste.txt`);
        fs.writeFileSync(file, text);
        tmux.run('load-buffer', '-b', `${session}-prompt`, file);
        tmux.run('paste-buffer', '-p', '-r', '-d', '-b', `${session}-prompt`, '-t', session);
      },
      /** The n-th (1-based) record event of that name, once it exists. */
      event: (name: string, n = 1) =>
        waitFor(`${n}× ${name} in the ${agent} record`, () => events().filter((e) => e.event === name)[n - 1]),
      screenShows: (re: RegExp) =>
        waitFor(`${re} on the ${agent} screen`, () => {
          const text = screen();
          return re.test(text) ? text : undefined;
        }),
      classify: () => classifyScreen(agent as Provider, screen(), { paneWidth: size.width }),
    };
  }

  /** Kills the tmux server, waits for every fake to exit, removes the temp directory. */
  async stop(): Promise<void> {
    const pids = this.records.flatMap((f) =>
      readJsonLines<RecordEvent>(f)
        .filter((e) => e.event === 'start')
        .map((e) => Number(e.pid)),
    );
    this.tmux.kill();
    await waitFor('fake agents to exit', () => pids.every((pid) => !processRuns(pid)), { timeoutMs: 5_000 }).catch(() => {
      for (const pid of pids.filter(processRuns)) process.kill(pid, 'SIGKILL');
    });
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    // tmux leaves the socket file behind after kill-server; it is ours, so tidy it away
    const uid = process.getuid?.() ?? 0;
    fs.rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, this.tmux.socket), { force: true });
  }
}
