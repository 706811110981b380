import type { TaskPayload, TaskType } from '@architect/db';

export interface TaskCommand {
  file: string;
  args: string[];
}

/** The payload cannot be run at all (no command, no script): retrying will not help. */
export class InvalidTaskError extends Error {}

/**
 * What to execute for a task: python runs with python3; every other type (shell, git, deploy,
 * test, build) is a shell command line, so pipes, `&&` and `cd` work as users expect.
 */
export function taskCommand(type: TaskType, payload: TaskPayload): TaskCommand {
  const interpreter = type === 'python' ? 'python3' : '/bin/sh';
  if (payload.script) return { file: interpreter, args: [payload.script, ...(payload.args ?? [])] };
  if (payload.command) return { file: interpreter, args: ['-c', payload.command] };
  throw new InvalidTaskError(`task payload has neither a command nor a script`);
}
