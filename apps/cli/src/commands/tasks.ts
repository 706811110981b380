import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { NotFoundError, UsageError, ValidationError } from '@architect/core';
import {
  enqueueTask,
  getTask,
  listTasks,
  requestCancel,
  taskStatuses,
  taskTypes,
  type Task,
  type TaskPayload,
  type TaskStatus,
  type TaskType,
} from '@architect/db';
import type { CliContext } from '../context';
import { formatAge, printJson, printTable } from '../output';
import { choiceArg, collect, idArg, intArg } from '../parseArgs';
import { requireMigrated } from '../requireMigrated';

interface AddOptions {
  type: TaskType;
  command?: string;
  script?: string;
  arg: string[];
  cwd?: string;
  priority: number;
  timeoutSeconds?: number;
  maxAttempts?: number;
  env: string[];
  json?: boolean;
}

export function registerTasks(program: Command, ctx: CliContext): void {
  const tasks = program.command('tasks').description('background tasks run by the task workers (shell, python, git, deploy, test, build)');

  tasks
    .command('add')
    .description('queue a task; prints its id')
    .option('--type <type>', `one of ${taskTypes.join(', ')}`, choiceArg('type', taskTypes), 'shell')
    .option('--command <text>', 'command line run with /bin/sh -c (python: code run with python3 -c)')
    .option('--script <file>', 'script file to run instead of --command (relative to --cwd)')
    .option('--arg <value>', 'argument passed to --script (repeatable)', collect, [])
    .option('--cwd <dir>', 'working directory (default: the current directory)')
    .option('--priority <n>', 'higher runs first', intArg('priority', -1_000_000, 1_000_000), 0)
    .option('--timeout-seconds <s>', 'kill the task after this long (default: taskWorker.defaultTimeoutSeconds)', intArg('timeout-seconds', 1, 604_800))
    .option('--max-attempts <n>', 'attempts before it fails for good (default: taskWorker.maxAttempts)', intArg('max-attempts', 1, 100))
    .option('--env <K=V>', 'environment variable for the task (repeatable)', collect, [])
    .option('--json', 'print {"task_id": N}')
    .action((opts: AddOptions) => {
      // Everything is checked before the database is touched: bad input writes nothing.
      const payload = buildPayload(opts);
      const defaults = ctx.config().file.taskWorker;
      const db = requireMigrated(ctx);
      const id = enqueueTask(
        db,
        {
          type: opts.type,
          payload,
          priority: opts.priority,
          maxAttempts: opts.maxAttempts ?? defaults.maxAttempts,
          timeoutSeconds: opts.timeoutSeconds ?? defaults.defaultTimeoutSeconds,
        },
        ctx.clock.now(),
      );
      if (opts.json) printJson({ task_id: id });
      else process.stdout.write(`queued task ${id}\n`);
    });

  tasks
    .command('list')
    .description('tasks, newest first')
    .option('--status <status>', `one of ${taskStatuses.join(', ')}`, choiceArg('status', taskStatuses))
    .option('--limit <n>', 'at most this many', intArg('limit', 1, 10_000), 50)
    .option('--json', 'print as a JSON array')
    .action((opts: { status?: TaskStatus; limit: number; json?: boolean }) => {
      const rows = listTasks(requireMigrated(ctx), { status: opts.status, limit: opts.limit });
      if (opts.json) return printJson(rows.map((t) => taskJson(t, false)));
      const now = ctx.clock.now();
      printTable(
        rows.map((t) => ({
          id: t.id,
          type: t.type,
          status: t.status,
          priority: t.priority,
          attempts: `${t.attempts}/${t.maxAttempts}`,
          exit: t.exitCode ?? t.signal,
          age: formatAge(now - t.createdAt),
          what: t.payload.command ?? t.payload.script,
        })),
        ['id', 'type', 'status', 'priority', 'attempts', 'exit', 'age', 'what'],
      );
    });

  tasks
    .command('show')
    .description('one task with its output (head and tail)')
    .argument('<id>', 'task id', idArg)
    .option('--json', 'print as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      const task = getTask(requireMigrated(ctx), id);
      if (!task) throw new NotFoundError('task', id);
      if (opts.json) return printJson(taskJson(task, true));
      process.stdout.write(describeTask(task));
    });

  tasks
    .command('cancel')
    .description('cancel a task: a pending one at once, a running one is killed by its worker')
    .argument('<id>', 'task id', idArg)
    .option('--json', 'print {"task_id": N, "status": "cancelled" | "cancel_requested"}')
    .action((id: number, opts: { json?: boolean }) => {
      const status = requestCancel(requireMigrated(ctx), id, ctx.clock.now());
      if (opts.json) return printJson({ task_id: id, status });
      process.stdout.write(
        status === 'cancelled' ? `task ${id} cancelled\n` : `task ${id} is running: its worker will kill it and mark it cancelled\n`,
      );
    });
}

function buildPayload(opts: AddOptions): TaskPayload {
  if ((opts.command === undefined) === (opts.script === undefined)) {
    throw new UsageError('tasks add needs exactly one of --command or --script');
  }
  if (opts.command !== undefined && opts.command.trim() === '') throw new UsageError('--command must not be empty');
  if (opts.arg.length && opts.script === undefined) throw new UsageError('--arg only goes with --script');
  const env: Record<string, string> = {};
  for (const entry of opts.env) {
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new UsageError(`--env must look like KEY=value, got "${entry}"`);
    env[key] = entry.slice(eq + 1);
  }
  const cwd = path.resolve(opts.cwd ?? '.');
  if (!isDirectory(cwd)) throw new ValidationError(`working directory does not exist: ${cwd}`, { cwd });
  const payload: TaskPayload = { cwd };
  if (opts.command !== undefined) payload.command = opts.command;
  if (opts.script !== undefined) {
    const script = path.resolve(cwd, opts.script);
    if (!fs.existsSync(script) || !fs.statSync(script).isFile()) throw new ValidationError(`script does not exist: ${script}`, { script });
    payload.script = script;
    if (opts.arg.length) payload.args = opts.arg;
  }
  if (Object.keys(env).length) payload.env = env;
  return payload;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The JSON contract (snake_case, as every `--json` output). */
function taskJson(t: Task, withOutput: boolean): Record<string, unknown> {
  return {
    id: t.id,
    type: t.type,
    status: t.status,
    priority: t.priority,
    command: t.payload.command ?? null,
    script: t.payload.script ?? null,
    args: t.payload.args ?? [],
    cwd: t.payload.cwd ?? null,
    env: t.payload.env ?? {},
    worker_id: t.workerId,
    attempts: t.attempts,
    max_attempts: t.maxAttempts,
    timeout_seconds: t.timeoutSeconds,
    cancel_requested: t.cancelRequested,
    lease_expires_at: t.leaseExpiresAt,
    not_before: t.notBefore,
    exit_code: t.exitCode,
    signal: t.signal,
    error: t.error,
    duration_ms: t.durationMs,
    output_bytes: t.outputBytes,
    ...(withOutput ? { output_head: t.outputHead, output_tail: t.outputTail } : {}),
    created_at: t.createdAt,
    started_at: t.startedAt,
    finished_at: t.finishedAt,
  };
}

function describeTask(t: Task): string {
  const lines = [
    `task ${t.id}  ${t.type}  ${t.status}${t.cancelRequested && t.status === 'running' ? ' (cancel requested)' : ''}`,
    `what      ${t.payload.command ?? [t.payload.script, ...(t.payload.args ?? [])].join(' ')}`,
    `cwd       ${t.payload.cwd ?? '-'}`,
    `attempts  ${t.attempts}/${t.maxAttempts}   priority ${t.priority}   timeout ${t.timeoutSeconds}s`,
    `worker    ${t.workerId ?? '-'}`,
    `result    exit ${t.exitCode ?? '-'}  signal ${t.signal ?? '-'}  duration ${t.durationMs === null ? '-' : formatAge(t.durationMs)}`,
  ];
  if (t.error) lines.push(`error     ${t.error}`);
  const kept = Buffer.byteLength(t.outputHead ?? '') + Buffer.byteLength(t.outputTail ?? '');
  if (t.outputBytes !== null) {
    lines.push(`output    ${t.outputBytes} bytes`, '', t.outputHead ?? '');
    if (t.outputBytes > kept) lines.push(`... [${t.outputBytes - kept} bytes omitted] ...`);
    lines.push(t.outputTail ?? '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
