/**
 * `architect send`, `prompts list|show|cancel|retry`, `locks list|release` and `status` as a user
 * runs them: exact storage of awkward text, clear errors with exit 2 (usage) or 1 (failure),
 * and nothing queued when the input is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { architect } from '../support/cli';

let home: string;
let env: Record<string, string>;
const cli = (args: string[], input?: string, extra: Record<string, string> = {}) => architect(args, { ...env, ...extra }, input);
const queued = () => JSON.parse(cli(['prompts', 'list', '--json']).stdout) as { id: number; content: string; status: string }[];

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-prompts-cli-'));
  env = { ARCHITECT_HOME: home, ARCHITECT_SESSION: '' };
  fs.writeFileSync(
    path.join(home, 'architect.config.json'),
    JSON.stringify({
      sessions: [
        { name: 'w1', provider: 'claude', cwd: home, specialties: ['backend'] },
        { name: 'w2', provider: 'codex', cwd: home },
      ],
    }),
  );
  expect(cli(['db', 'migrate']).code).toBe(0);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('send', () => {
  it('stores awkward text exactly as written and prints the id', () => {
    const texts = ['-rf', `"q" 'q' $(rm -rf ~) \`x\` $HOME`, 'C-c Enter Escape', 'literal \\e[31m and \\x1b', 'café 日本語 🚀', 'tab\tand\nnew line'];
    for (const t of texts) {
      const r = cli(['send', '--json', '--', t]);
      expect(r.code, r.stderr).toBe(0);
      const { prompt_id } = JSON.parse(r.stdout) as { prompt_id: number };
      const shown = JSON.parse(cli(['prompts', 'show', String(prompt_id), '--json']).stdout) as { content: string };
      expect(shown.content).toBe(t);
    }
  });

  it('reads "-" from stdin: multi-line kept, CRLF becomes LF, one trailing newline dropped', () => {
    const r = cli(['send', '-', '--json', '--priority', '7', '--target', 'w1', '--lock', 'src/**', 'docs/a.md', '--max-attempts', '2', '--timeout-seconds', '90'], 'line one\r\n  line two\n\nlast\n');
    expect(r.code, r.stderr).toBe(0);
    const id = (JSON.parse(r.stdout) as { prompt_id: number }).prompt_id;
    const p = JSON.parse(cli(['prompts', 'show', String(id), '--json']).stdout) as Record<string, unknown>;
    expect(p).toMatchObject({
      id,
      status: 'pending',
      content: 'line one\n  line two\n\nlast',
      priority: 7,
      target_session: 'w1',
      lock_paths: ['src/**', 'docs/a.md'],
      max_attempts: 2,
      timeout_seconds: 90,
      assigned_session: null,
      attempts: 0,
      response: null,
      error: null,
    });
    expect((p.history as { action: string }[]).map((h) => h.action)).toEqual(['queued']);
  });

  it.each([
    ['empty text', ['send', ''], 1, /empty/],
    ['blank text', ['send', '   \n '], 1, /empty/],
    ['an ESC byte', ['send', 'red \x1b[31m'], 1, /control character U\+001B/],
    ['a carriage return', ['send', 'a\rb'], 1, /control character U\+000D/],
    ['a trailing backslash', ['send', 'path C:\\'], 1, /backslash/],
    ['an unknown target', ['send', '--target', 'nope', 'hi'], 1, /unknown target session "nope"/],
    ['an unknown provider', ['send', '--provider', 'gpt', 'hi'], 2, /provider must be one of/],
    ['a provider no session runs', ['send', '--provider', 'aider', 'hi'], 1, /no configured session runs provider "aider"/],
    ['a target of another provider', ['send', '--target', 'w2', '--provider', 'claude', 'hi'], 1, /runs codex/],
    ['a specialty nobody has', ['send', '--specialty', 'cobol', 'hi'], 1, /no configured session has specialty "cobol"/],
    ['priority out of range', ['send', '--priority', '101', 'hi'], 2, /between -100 and 100/],
    ['priority not a number', ['send', '--priority', 'high', 'hi'], 2, /must be an integer/],
    ['zero attempts', ['send', '--max-attempts', '0', 'hi'], 2, /max-attempts/],
    ['a lock escaping upwards', ['send', '--lock', '../etc', '--', 'hi'], 1, /\.\./],
    ['a bad source', ['send', '--source', 'Bad Source!', 'hi'], 1, /--source/],
    ['no text at all', ['send'], 2, /missing required argument/],
    ['two texts', ['send', 'a', 'b'], 2, /too many arguments/],
  ])('refuses %s and queues nothing', (_what, args, code, message) => {
    const before = queued().length;
    const r = cli(args as string[]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stdout).toBe('');
    expect(queued()).toHaveLength(before);
  });

  it('refuses oversized text from stdin', () => {
    const before = queued().length;
    const r = cli(['send', '-'], 'x'.repeat(100 * 1024 + 1));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/limit is 102400 bytes/);
    expect(queued()).toHaveLength(before);
  });

  it('a session never sends to itself; its prompts are marked as its own', () => {
    const self = cli(['send', '--target', 'w1', 'hi'], undefined, { ARCHITECT_SESSION: 'w1' });
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/cannot send a prompt to itself/);
    const r = cli(['send', '--json', 'from inside w1'], undefined, { ARCHITECT_SESSION: 'w1' });
    const id = (JSON.parse(r.stdout) as { prompt_id: number }).prompt_id;
    expect(JSON.parse(cli(['prompts', 'show', String(id), '--json']).stdout)).toMatchObject({ source: 'session:w1' });
  });
});

describe('prompts', () => {
  it('show, cancel and retry with clear errors for missing or wrong-state prompts', () => {
    const id = (JSON.parse(cli(['send', '--json', 'to cancel']).stdout) as { prompt_id: number }).prompt_id;
    expect(cli(['prompts', 'show', '99999']).code).toBe(1);
    expect(cli(['prompts', 'show', '99999']).stderr).toMatch(/prompt 99999 does not exist/);
    expect(cli(['prompts', 'show', 'abc']).code).toBe(2);
    expect(cli(['prompts', 'cancel', '99999']).code).toBe(1);
    expect(cli(['prompts', 'retry', String(id)]).stderr).toMatch(/is pending; only failed or cancelled/);
    expect(cli(['prompts', 'cancel', String(id)])).toMatchObject({ code: 0, stdout: `cancelled prompt ${id} (was pending)\n` });
    expect(cli(['prompts', 'cancel', String(id)])).toMatchObject({ code: 1, stderr: expect.stringMatching(/is cancelled/) });
    expect(JSON.parse(cli(['prompts', 'retry', String(id), '--json']).stdout)).toEqual({ prompt_id: id, status: 'pending' });
    const show = JSON.parse(cli(['prompts', 'show', String(id), '--json']).stdout) as { status: string; history: { action: string }[] };
    expect(show.status).toBe('pending');
    expect(show.history.map((h) => h.action)).toEqual(['queued', 'cancelled', 'retried']);
    const listed = JSON.parse(cli(['prompts', 'list', '--status', 'pending', '--json']).stdout) as { status: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((p) => p.status === 'pending')).toBe(true);
    expect(cli(['prompts', 'list', '--status', 'bogus']).code).toBe(2);
    expect(cli(['prompts', 'list']).stdout).toMatch(/^ID\s+STATUS/);
  });

  it('status --json counts the queue', () => {
    const s = JSON.parse(cli(['status', '--json']).stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ assigned: 0, in_progress: 0, completed_today: 0, failed_today: 0 });
    expect(s.pending).toBe(queued().filter((p) => p.status === 'pending').length);
  });
});

describe('locks', () => {
  it('list is empty JSON; releasing a missing lock is an error', () => {
    expect(JSON.parse(cli(['locks', 'list', '--json']).stdout)).toEqual([]);
    expect(cli(['locks', 'release', '42'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/lock 42 does not exist/) });
    expect(cli(['locks', 'release', 'x']).code).toBe(2);
  });
});
