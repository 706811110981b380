import { ValidationError, checkPromptRouting, type FileConfig } from '@architect/core';
import { enqueuePrompt, lockPathProblem, promptTextProblem, type Db } from '@architect/db';

export interface PromptRequest {
  content: string;
  target?: string | undefined;
  provider?: string | undefined;
  specialty?: string | undefined;
  priority?: number | undefined;
  timeoutMinutes?: number | undefined;
  timeoutSeconds?: number | undefined;
  lock?: string[] | undefined;
  maxAttempts?: number | undefined;
}

/**
 * Validate and queue one prompt: what `architect send` and the terminal UI's send form both do,
 * so a prompt refused by one is refused by the other (bad text or lock path, a target no
 * configured session matches, a session sending to itself). `db` may be a getter: input is
 * checked before the database is opened, so bad usage is reported even without one.
 */
export function queuePrompt(db: Db | (() => Db), file: FileConfig, req: PromptRequest, source: string, now: number): number {
  const problem = promptTextProblem(req.content) ?? (req.lock ?? []).map(lockPathProblem).find(Boolean);
  if (problem) throw new ValidationError(problem);
  checkPromptRouting(file, req, source);
  return enqueuePrompt(
    typeof db === 'function' ? db() : db,
    {
      content: req.content,
      source,
      priority: req.priority ?? 0,
      targetSession: req.target ?? null,
      targetProvider: req.provider ?? null,
      requiredSpecialty: req.specialty ?? null,
      lockPaths: req.lock ?? [],
      maxAttempts: req.maxAttempts ?? 3,
      timeoutMinutes: req.timeoutMinutes ?? (req.timeoutSeconds ? Math.ceil(req.timeoutSeconds / 60) : 30),
      timeoutSeconds: req.timeoutSeconds ?? null,
    },
    now,
  );
}
