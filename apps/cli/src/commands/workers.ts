import type { Command } from 'commander';
import { listWorkers } from '@architect/db';
import type { CliContext } from '../context';
import { formatAge, printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

export function registerWorkers(program: Command, ctx: CliContext): void {
  program
    .command('workers')
    .description('every Architect daemon process with its heartbeat age (stale = silent for 3 heartbeats) and resident memory')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const db = requireMigrated(ctx);
      const rows = listWorkers(db, ctx.clock.now());
      if (opts.json) return printJson(rows);
      printTable(
        rows.map((w) => ({
          worker: `${w.name}:${w.instance}`,
          pid: w.pid,
          host: w.host,
          status: w.stale ? 'STALE' : w.status,
          heartbeat: `${formatAge(w.heartbeatAgeMs)} ago`,
          restarts: w.restarts,
          rss: typeof w.info?.rssMb === 'number' && w.status === 'running' ? `${Math.round(w.info.rssMb)} MB` : '',
          version: w.version,
        })),
        ['worker', 'pid', 'host', 'status', 'heartbeat', 'restarts', 'rss', 'version'],
      );
    });
}
