import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskPayload, TaskType } from '@architect/db';
import { runTask, type RunTaskOptions } from './runTask';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-run-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (payload: TaskPayload, extra: Partial<RunTaskOptions> & { type?: TaskType; timeoutSeconds?: number } = {}) =>
  runTask({
    task: { id: 7, type: extra.type ?? 'shell', payload: { cwd: dir, ...payload }, timeoutSeconds: extra.timeoutSeconds ?? 30 },
    baseEnv: { PATH: process.env.PATH, BASE: 'base' },
    defaultCwd: dir,
    outputHeadBytes: 1024,
    outputTailBytes: 1024,
    killGraceMs: 500,
    ...extra,
  });

/** A number no other test's sleep uses, so pgrep -f finds only this test's processes. */
const marker = () => `${1000 + Math.floor(Math.random() * 1000)}.${process.pid}${Date.now() % 100_000}`;
const alive = (m: string) => spawnSync('pgrep', ['-f', `sleep ${m}`], { encoding: 'utf8' }).stdout.trim();

describe('runTask', () => {
  it('runs a shell command in its cwd with the merged env and keeps its output', async () => {
    const r = await run({ command: 'echo "$BASE $OWN $ARCHITECT_TASK_ID"; pwd; echo err >&2', env: { OWN: 'own' } });
    expect(r).toMatchObject({ status: 'exited', exitCode: 0, signal: null, error: undefined });
    expect(r.outputHead).toBe(`base own 7\n${fs.realpathSync(dir)}\nerr\n`);
    expect(r.outputBytes).toBe(r.outputHead.length);
  });

  it('reports a non-zero exit', async () => {
    const r = await run({ command: 'exit 3' });
    expect(r).toMatchObject({ status: 'exited', exitCode: 3, error: 'exited with code 3', permanent: false });
  });

  it('runs python code and python scripts with args', async () => {
    expect((await run({ command: 'print(6 * 7)' }, { type: 'python' })).outputHead).toBe('42\n');
    fs.writeFileSync(path.join(dir, 's.py'), 'import sys\nprint(sys.argv[1:])\n');
    expect((await run({ script: 's.py', args: ['a', 'b'] }, { type: 'python' })).outputHead).toBe("['a', 'b']\n");
  });

  it('runs a shell script with args', async () => {
    fs.writeFileSync(path.join(dir, 's.sh'), 'echo "$1-$2"\n');
    expect((await run({ script: 's.sh', args: ['x', 'y'] })).outputHead).toBe('x-y\n');
  });

  it('fails without running when the cwd does not exist', async () => {
    const missing = path.join(dir, 'nope');
    const r = await run({ command: `touch ${dir}/ran`, cwd: missing });
    expect(r).toMatchObject({ status: 'not_started', permanent: true, error: `working directory does not exist: ${missing}` });
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
  });

  it('fails a payload with nothing to run', async () => {
    expect(await run({})).toMatchObject({ status: 'not_started', permanent: true });
  });

  it('keeps only head and tail of a large output', async () => {
    const r = await run({ command: 'seq 1 100000' }, { outputHeadBytes: 10, outputTailBytes: 14 });
    expect(r.outputHead).toBe('1\n2\n3\n4\n5\n');
    expect(r.outputTail).toBe('\n99999\n100000\n');
    expect(r.outputBytes).toBe(588_895);
  });

  it('a timeout kills the whole process group, background children included', async () => {
    const m = marker();
    const started = Date.now();
    const r = await run({ command: `sleep ${m} & sleep ${m}` }, { timeoutSeconds: 1 });
    expect(r).toMatchObject({ status: 'timed_out', error: 'timed out after 1s', signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(alive(m)).toBe('');
  });

  it('an abort kills the whole process group', async () => {
    const m = marker();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const r = await run({ command: `sleep ${m} & sleep ${m}` }, { signal: controller.signal });
    expect(r.status).toBe('aborted');
    expect(alive(m)).toBe('');
  });

  it('SIGKILLs a group that ignores SIGTERM after the grace', async () => {
    const m = marker();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const r = await run({ command: `trap '' TERM; sleep ${m} & sleep ${m}; echo survived` }, { signal: controller.signal, killGraceMs: 300 });
    expect(r).toMatchObject({ status: 'aborted', signal: 'SIGKILL' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(alive(m)).toBe('');
  });

  it('kills what the task left running after its main process exited', async () => {
    const m = marker();
    const r = await run({ command: `sleep ${m} & echo started` });
    expect(r).toMatchObject({ status: 'exited', exitCode: 0, outputHead: 'started\n' });
    expect(alive(m)).toBe('');
  });
});
