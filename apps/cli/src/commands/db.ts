import type { Command } from 'commander';
import { createDb, migrate, migrationsDir } from '@architect/db';
import type { CliContext } from '../context';
import { printJson } from '../output';

export function registerDb(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply pending migrations (idempotent; safe to run concurrently)')
    .option('--json', 'print the result as JSON')
    .action((opts: { json?: boolean }) => {
      const config = ctx.config();
      // A dedicated connection with a long busy timeout: a concurrent migrate holds the write lock.
      const conn = createDb({ path: config.dbPath, synchronous: config.synchronous, busyTimeoutMs: 60_000 });
      try {
        const result = migrate(conn, migrationsDir(ctx.root));
        const journal = conn.sqlite.pragma('journal_mode', { simple: true });
        if (opts.json) printJson({ ...result, db: config.dbPath, journal_mode: journal });
        else if (result.applied.length) process.stdout.write(`applied ${result.applied.join(', ')} to ${config.dbPath}\n`);
        else process.stdout.write(`up to date (${result.alreadyApplied} migrations) at ${config.dbPath}\n`);
      } finally {
        conn.close();
      }
    });
}
