import type { Command } from 'commander';
import { ConflictError, NotFoundError } from '@architect/core';
import { decideSuggestion, getSuggestion, listSuggestions, type SuggestionStatus } from '@architect/db';
import type { CliContext } from '../context';
import { choiceArg, idArg } from '../parseArgs';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

function decide(ctx: CliContext, id: number, decision: 'accepted' | 'dismissed', json?: boolean): void {
  const db = requireMigrated(ctx);
  if (!decideSuggestion(db, id, decision, ctx.clock.now())) {
    const s = getSuggestion(db, id);
    if (!s) throw new NotFoundError('suggestion', id);
    throw new ConflictError(`suggestion ${id} is already ${s.status}`, { id, status: s.status });
  }
  if (json) printJson({ suggestion_id: id, status: decision });
  else process.stdout.write(`suggestion ${id} ${decision}\n`);
}

export function registerSuggestions(program: Command, ctx: CliContext): void {
  const suggestions = program
    .command('suggestions')
    .description('recurring problems the orchestrator noticed, with their evidence')
    .option('--status <status>', 'open, accepted or dismissed (default: all)', choiceArg('--status', ['open', 'accepted', 'dismissed'] as const))
    .option('--json', 'print as a JSON array')
    .action((opts: { status?: SuggestionStatus; json?: boolean }) => {
      const rows = listSuggestions(requireMigrated(ctx), { status: opts.status });
      if (opts.json) return printJson(rows);
      printTable(
        rows.map((s) => ({ id: s.id, kind: s.kind, status: s.status, updated: new Date(s.updatedAt).toISOString(), message: s.message })),
        ['id', 'kind', 'status', 'updated', 'message'],
      );
    });

  suggestions
    .command('accept')
    .description('record that you will act on it (nothing is changed automatically)')
    .argument('<id>', 'suggestion id', idArg)
    .option('--json', 'print the result as JSON')
    // The group's own --json also captures `accept 3 --json`: read it through optsWithGlobals.
    .action((id: number, _opts: unknown, cmd: Command) => decide(ctx, id, 'accepted', cmd.optsWithGlobals<{ json?: boolean }>().json));

  suggestions
    .command('dismiss')
    .description('hide it; the same problem is not suggested again')
    .argument('<id>', 'suggestion id', idArg)
    .option('--json', 'print the result as JSON')
    // The group's own --json also captures `accept 3 --json`: read it through optsWithGlobals.
    .action((id: number, _opts: unknown, cmd: Command) => decide(ctx, id, 'dismissed', cmd.optsWithGlobals<{ json?: boolean }>().json));
}
