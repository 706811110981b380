import type { Command } from 'commander';
import { statusSummary } from '@architect/db';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { requireMigrated } from '../requireMigrated';

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('queue, sessions, tasks and workers at a glance')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const s = statusSummary(requireMigrated(ctx), ctx.clock.now());
      if (opts.json) return printJson(s);
      const kv = (o: Record<string, number>) =>
        Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
      process.stdout.write(
        [
          `prompts   pending ${s.pending}, assigned ${s.assigned}, in progress ${s.in_progress}`,
          `today     completed ${s.completed_today}, failed ${s.failed_today}, cancelled ${s.cancelled_today}; lost and found ${s.lost_and_found}`,
          `sessions  ${kv(s.sessions)}`,
          `tasks     ${kv(s.tasks)}`,
          `workers   running ${s.workers.running}, stale ${s.workers.stale}, stopped ${s.workers.stopped}`,
        ].join('\n') + '\n',
      );
    });
}
