import type { Command } from 'commander';
import { NotFoundError } from '@architect/core';
import { listLocks, releaseLock } from '@architect/db';
import type { CliContext } from '../context';
import { formatAge, printJson, printTable } from '../output';
import { idArg } from '../parseArgs';
import { requireMigrated } from '../requireMigrated';

export function registerLocks(program: Command, ctx: CliContext): void {
  const locks = program.command('locks').description('file locks held by sessions for their prompts');

  locks
    .command('list')
    .description('every lock, with its holder and expiry (expired locks no longer block anyone)')
    .option('--json', 'print as a JSON array')
    .action((opts: { json?: boolean }) => {
      const now = ctx.clock.now();
      const rows = listLocks(requireMigrated(ctx), now);
      if (opts.json) {
        return printJson(
          rows.map((l) => ({
            id: l.id,
            path: l.path,
            session: l.sessionName,
            prompt_id: l.promptId,
            prompt_status: l.promptStatus,
            acquired_at: l.acquiredAt,
            expires_at: l.expiresAt,
            expired: l.expired,
          })),
        );
      }
      printTable(
        rows.map((l) => ({
          id: l.id,
          path: l.path,
          session: l.sessionName,
          prompt: l.promptId === null ? '-' : `${l.promptId} (${l.promptStatus ?? '?'})`,
          expires: l.expired ? 'EXPIRED' : `in ${formatAge(l.expiresAt - now)}`,
        })),
        ['id', 'path', 'session', 'prompt', 'expires'],
      );
    });

  locks
    .command('release')
    .description('drop a lock by id (when its holder is stuck and you know the files are free)')
    .argument('<id>', 'lock id', idArg)
    .option('--json', 'print the result as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      if (!releaseLock(requireMigrated(ctx), id)) throw new NotFoundError('lock', id);
      if (opts.json) printJson({ lock_id: id, released: true });
      else process.stdout.write(`released lock ${id}\n`);
    });
}
