import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTasks } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { architect } from '../support/cli';

let db: TempDb;
let env: Record<string, string>;
beforeEach(() => {
  db = tempDb();
  env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path };
});
afterEach(() => db.dispose());

const cli = (...args: string[]) => architect(args, env);
const add = (...args: string[]) => cli('tasks', 'add', '--cwd', db.dir, ...args);

describe('architect tasks', () => {
  it('add, list, show and cancel', () => {
    fs.writeFileSync(path.join(db.dir, 'job.sh'), 'echo "$1"\n');
    const a = add('--type', 'shell', '--command', 'echo hi', '--priority', '3', '--timeout-seconds', '20', '--max-attempts', '2', '--env', 'A=1', '--env', 'B=x=y', '--json');
    expect(a).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(a.stdout)).toEqual({ task_id: 1 });
    const b = add('--type', 'build', '--script', 'job.sh', '--arg', 'one', '--json');
    expect(JSON.parse(b.stdout)).toEqual({ task_id: 2 });

    const list = JSON.parse(cli('tasks', 'list', '--json').stdout) as Record<string, unknown>[];
    expect(list.map((t) => [t.id, t.status])).toEqual([[2, 'pending'], [1, 'pending']]);
    expect(JSON.parse(cli('tasks', 'list', '--status', 'done', '--json').stdout)).toEqual([]);

    const shown = JSON.parse(cli('tasks', 'show', '1', '--json').stdout);
    expect(shown).toMatchObject({
      id: 1,
      type: 'shell',
      status: 'pending',
      command: 'echo hi',
      cwd: db.dir,
      priority: 3,
      timeout_seconds: 20,
      max_attempts: 2,
      attempts: 0,
      env: { A: '1', B: 'x=y' },
    });
    expect(JSON.parse(cli('tasks', 'show', '2', '--json').stdout)).toMatchObject({ type: 'build', script: path.join(db.dir, 'job.sh'), args: ['one'] });

    expect(JSON.parse(cli('tasks', 'cancel', '1', '--json').stdout)).toEqual({ task_id: 1, status: 'cancelled' });
    expect(cli('tasks', 'show', '1').stdout).toMatch(/task 1 +shell +cancelled/);
    expect(cli('tasks', 'list').stdout).toMatch(/cancelled/);
  });

  it.each([
    ['an unknown type', ['--type', 'rust', '--command', 'x'], /type must be one of shell, python, git, deploy, test, build/],
    ['a negative timeout', ['--command', 'x', '--timeout-seconds', '-5'], /timeout-seconds must be between 1/],
    ['a non-numeric priority', ['--command', 'x', '--priority', 'high'], /priority must be an integer/],
    ['zero max attempts', ['--command', 'x', '--max-attempts', '0'], /max-attempts must be between 1 and 100/],
    ['neither command nor script', [], /exactly one of --command or --script/],
    ['both command and script', ['--command', 'x', '--script', 'y'], /exactly one of --command or --script/],
    ['an empty command', ['--command', '  '], /--command must not be empty/],
    ['a malformed --env', ['--command', 'x', '--env', 'NOEQUALS'], /--env must look like KEY=value/],
  ])('add with %s is a usage error (exit 2) and writes nothing', (_what, args, message) => {
    const r = add(...args, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(listTasks(db)).toEqual([]);
  });

  it.each([
    ['a missing cwd', ['--command', 'x', '--cwd', '/nonexistent/dir'], /working directory does not exist: \/nonexistent\/dir/],
    ['a missing script', ['--script', 'nope.sh'], /script does not exist: .*nope\.sh/],
  ])('add with %s fails (exit 1) and writes nothing', (_what, args, message) => {
    const r = add(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(listTasks(db)).toEqual([]);
  });

  it.each([
    [['tasks', 'show', 'abc'], 2, /id must be an integer/],
    [['tasks', 'cancel', '1.5'], 2, /id must be an integer/],
    [['tasks', 'show', '0'], 2, /id must be between 1/],
    [['tasks', 'list', '--status', 'stuck'], 2, /status must be one of/],
    [['tasks', 'show', '42'], 1, /task 42 does not exist/],
    [['tasks', 'cancel', '42', '--json'], 1, /task 42 does not exist/],
  ])('%j exits %i', (args, code, message) => {
    const r = cli(...args);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('refuses to cancel a finished task (exit 1)', () => {
    add('--command', 'true');
    db.sqlite.prepare("UPDATE tasks SET status = 'done'").run();
    const r = cli('tasks', 'cancel', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/task 1 is already done/);
  });
});
