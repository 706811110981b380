import type { Command } from 'commander';
import { ConflictError, NotFoundError } from '@architect/core';
import {
  cancelPrompt,
  getPrompt,
  listLostAndFound,
  listPrompts,
  promptHistory,
  promptStatuses,
  retryPrompt,
  type PromptRow,
  type PromptStatus,
} from '@architect/db';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { choiceArg, idArg, intArg } from '../parseArgs';
import { requireMigrated } from '../requireMigrated';

/** The JSON shape of a prompt (snake_case, like the rest of the CLI's JSON). */
export function promptJson(p: PromptRow) {
  return {
    id: p.id,
    status: p.status,
    content: p.content,
    source: p.source,
    priority: p.priority,
    target_session: p.targetSession,
    target_provider: p.targetProvider,
    required_specialty: p.requiredSpecialty,
    lock_paths: p.lockPaths,
    assigned_session: p.assignedSession,
    attempts: p.attempts,
    max_attempts: p.maxAttempts,
    timeout_minutes: p.timeoutMinutes,
    timeout_seconds: p.timeoutSeconds,
    delivery: p.delivery,
    response: p.response,
    error: p.error,
    created_at: p.createdAt,
    assigned_at: p.assignedAt,
    started_at: p.startedAt,
    completed_at: p.completedAt,
  };
}

export function registerPrompts(program: Command, ctx: CliContext): void {
  const prompts = program.command('prompts').description('the prompt queue: list, show, cancel, retry');

  prompts
    .command('list')
    .description('newest first')
    .option('--status <status>', `only this status (${promptStatuses.join(', ')})`, choiceArg('status', promptStatuses))
    .option('--limit <n>', 'at most this many (default 100)', intArg('limit', 1, 10_000))
    .option('--json', 'print as a JSON array')
    .action((opts: { status?: PromptStatus; limit?: number; json?: boolean }) => {
      const rows = listPrompts(requireMigrated(ctx), { status: opts.status, limit: opts.limit ?? 100 });
      if (opts.json) return printJson(rows.map(promptJson));
      printTable(
        rows.map((p) => ({
          id: p.id,
          status: p.status,
          pri: p.priority,
          session: p.assignedSession ?? p.targetSession,
          attempts: `${p.attempts}/${p.maxAttempts}`,
          text: p.content,
        })),
        ['id', 'status', 'pri', 'session', 'attempts', 'text'],
      );
    });

  prompts
    .command('show')
    .description('one prompt with its response, error and full history')
    .argument('<id>', 'prompt id', idArg)
    .option('--json', 'print as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      const db = requireMigrated(ctx);
      const p = getPrompt(db, id);
      if (!p) throw new NotFoundError('prompt', id);
      const history = promptHistory(db, id).map((h) => ({ at: h.createdAt, session: h.sessionName, action: h.action, details: h.details }));
      const lost = listLostAndFound(db, 10_000).find((l) => l.promptId === id);
      if (opts.json) return printJson({ ...promptJson(p), history, lost_and_found: lost ? lost.reasons : null });
      const out = process.stdout;
      out.write(`prompt ${p.id}  ${p.status}  priority ${p.priority}  attempts ${p.attempts}/${p.maxAttempts}  source ${p.source}\n`);
      if (p.assignedSession) out.write(`session   ${p.assignedSession} (delivery ${p.delivery ?? '-'})\n`);
      if (p.targetSession || p.targetProvider || p.requiredSpecialty) {
        out.write(`routing   target ${p.targetSession ?? '-'}, provider ${p.targetProvider ?? '-'}, specialty ${p.requiredSpecialty ?? '-'}\n`);
      }
      if (p.lockPaths.length) out.write(`locks     ${p.lockPaths.join(' ')}\n`);
      out.write(`text\n${indent(p.content)}\n`);
      if (p.response !== null) out.write(`response\n${indent(p.response)}\n`);
      if (p.error !== null) out.write(`error     ${p.error}\n`);
      if (lost) out.write(`lost and found:\n${lost.reasons.map((r) => `  attempt ${r.attempt} on ${r.session ?? '-'}: ${r.reason}`).join('\n')}\n`);
      out.write('history\n');
      for (const h of history) {
        out.write(`  ${new Date(h.at).toISOString()}  ${h.action.padEnd(14)} ${h.session ?? '-'}${h.details ? `  ${JSON.stringify(h.details)}` : ''}\n`);
      }
    });

  prompts
    .command('cancel')
    .description('cancel a pending or running prompt (a working agent is not interrupted; its session is freed)')
    .argument('<id>', 'prompt id', idArg)
    .option('--json', 'print the result as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      const r = cancelPrompt(requireMigrated(ctx), id, ctx.clock.now(), 'cli');
      if (!r.ok) {
        if (r.status === null) throw new NotFoundError('prompt', id);
        throw new ConflictError(`prompt ${id} is ${r.status}; only pending, assigned or in-progress prompts can be cancelled`, { id, status: r.status });
      }
      if (opts.json) printJson({ prompt_id: id, status: 'cancelled', previous: r.previous, session: r.session });
      else process.stdout.write(`cancelled prompt ${id} (was ${r.previous}${r.session ? ` on ${r.session}` : ''})\n`);
    });

  prompts
    .command('retry')
    .description('queue a failed or cancelled prompt again with fresh attempts')
    .argument('<id>', 'prompt id', idArg)
    .option('--json', 'print the result as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      const r = retryPrompt(requireMigrated(ctx), id, ctx.clock.now(), 'cli');
      if (!r.ok) {
        if (r.status === null) throw new NotFoundError('prompt', id);
        throw new ConflictError(`prompt ${id} is ${r.status}; only failed or cancelled prompts can be retried`, { id, status: r.status });
      }
      if (opts.json) printJson({ prompt_id: id, status: 'pending' });
      else process.stdout.write(`prompt ${id} is queued again\n`);
    });
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
