import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { abortableSleep, toError } from '@architect/core';
import type { Task, TaskResult } from '@architect/db';
import { BoundedOutput } from './boundedOutput';
import { killGroup, signalGroup } from './processGroup';
import { InvalidTaskError, taskCommand, type TaskCommand } from './taskCommand';

export interface RunTaskOptions {
  task: Pick<Task, 'id' | 'type' | 'payload' | 'timeoutSeconds'>;
  /** The worker's environment; the task's own env is merged over it. */
  baseEnv: NodeJS.ProcessEnv;
  /** Where a task that names no cwd runs. */
  defaultCwd: string;
  outputHeadBytes: number;
  outputTailBytes: number;
  killGraceMs: number;
  /** Aborting kills the task's whole process group (cancel, lost lease, shutdown). */
  signal?: AbortSignal;
}

export type RunStatus = 'exited' | 'timed_out' | 'aborted' | 'not_started';

export interface RunOutcome extends TaskResult {
  status: RunStatus;
  /** Why the run did not succeed; undefined for exit code 0. */
  error?: string;
  /** The task could not be started and retrying cannot fix it (bad cwd, no command). */
  permanent: boolean;
}

/**
 * Runs one task to its end in its own process group (detached), so a timeout or an abort kills
 * the whole tree: SIGTERM to -pgid, SIGKILL after the grace. Processes the task left behind when
 * its main process exited are killed the same way: a task's tree never outlives the task.
 */
export async function runTask(opts: RunTaskOptions): Promise<RunOutcome> {
  const { task } = opts;
  let command: TaskCommand;
  try {
    command = taskCommand(task.type, task.payload);
  } catch (err) {
    if (err instanceof InvalidTaskError) return notStarted(err.message, true);
    throw err;
  }
  const cwd = task.payload.cwd ?? opts.defaultCwd;
  if (!isDirectory(cwd)) return notStarted(`working directory does not exist: ${cwd}`, true);
  if (opts.signal?.aborted) return { ...notStarted('aborted before it started', false), status: 'aborted' };

  const started = performance.now();
  const output = new BoundedOutput(opts.outputHeadBytes, opts.outputTailBytes);
  const child = spawn(command.file, command.args, {
    cwd,
    env: { ...opts.baseEnv, ...task.payload.env, ARCHITECT_TASK_ID: String(task.id) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => output.push(c));
  child.stderr.on('data', (c: Buffer) => output.push(c));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { err: Error }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => resolve({ err }));
  });

  let cause: 'timeout' | 'abort' | undefined;
  let killing: Promise<void> | undefined;
  const pgid = child.pid;
  const kill = (why: 'timeout' | 'abort') => {
    if (cause || pgid === undefined) return;
    cause = why;
    killing = killGroup(pgid, opts.killGraceMs);
  };
  const onAbort = () => kill('abort');
  const timer = setTimeout(() => kill('timeout'), task.timeoutSeconds * 1000);
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const end = await ended;
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);
  if ('err' in end) {
    // Spawn failed (e.g. python3 missing): nothing ran.
    return notStarted(`cannot start ${command.file}: ${toError(end.err).message}`, true);
  }
  // Whatever the task left running in its group dies with it.
  if (!killing && pgid !== undefined && signalGroup(pgid, 0)) killing = killGroup(pgid, opts.killGraceMs);
  await killing;
  // The pipes close once every process holding them is gone; never wait on them forever.
  await Promise.race([closed, abortableSleep(1000)]);
  child.stdout.destroy();
  child.stderr.destroy();

  const kept = output.result();
  const result: TaskResult = {
    exitCode: end.code,
    signal: end.signal,
    outputHead: kept.head,
    outputTail: kept.tail,
    outputBytes: kept.totalBytes,
    durationMs: Math.round(performance.now() - started),
  };
  if (cause === 'timeout') return { ...result, status: 'timed_out', error: `timed out after ${task.timeoutSeconds}s`, permanent: false };
  if (cause === 'abort') return { ...result, status: 'aborted', error: 'aborted', permanent: false };
  const error =
    end.code === 0 ? undefined : end.code !== null ? `exited with code ${end.code}` : `killed by ${end.signal ?? 'a signal'}`;
  return { ...result, status: 'exited', error, permanent: false };

  function isDirectory(p: string): boolean {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  }

  function notStarted(error: string, permanent: boolean): RunOutcome {
    return { status: 'not_started', error, permanent, exitCode: null, signal: null, outputHead: '', outputTail: '', outputBytes: 0, durationMs: 0 };
  }
}
