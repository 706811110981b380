import type { Command } from 'commander';
import { insertHealthAlertOnce, listOutages } from '@architect/db';
import { formatDuration, healthReport } from '@architect/health';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';
import { intArg } from '../parseArgs';

export function registerHealth(program: Command, ctx: CliContext): void {
  program
    .command('health')
    .description('overall status (HEALTHY / DEGRADED / DOWN) with reasons, from the health daemon\'s latest checks; exit 0 only when healthy')
    .option('--json', 'print {"status","reasons","checks"} as JSON')
    .option('--alert', 'also raise an alert (at most one an hour) when the health daemon itself is not running (for cron)')
    .action((opts: { json?: boolean; alert?: boolean }) => {
      const db = requireMigrated(ctx);
      const now = ctx.clock.now();
      const report = healthReport(db, now);
      if (opts.alert && !report.daemon.running) {
        insertHealthAlertOnce(db, 'health-daemon-down', `health daemon not running: nothing is watching the suite (${report.status})`, now - 3_600_000, now);
      }
      process.exitCode = report.status === 'HEALTHY' ? 0 : 1;
      if (opts.json) return printJson(report);
      process.stdout.write(`${report.status}${report.daemon.running ? '' : ' (health daemon not running)'}\n`);
      for (const r of report.reasons) process.stdout.write(`  - ${r}\n`);
      printTable(
        report.checks.map((c) => ({
          check: c.name,
          state: c.state.toUpperCase(),
          last: c.status,
          since: `${formatDuration(now - c.since)} ago`,
          message: c.message,
        })),
        ['check', 'state', 'last', 'since', 'message'],
      );
    });

  program
    .command('outages')
    .description('recent outages (a check down, then up again), newest first, with their durations')
    .option('--json', 'print as JSON')
    .option('--open', 'only outages still open')
    .option('--limit <n>', 'how many', intArg('--limit', 1, 10_000), 50)
    .action((opts: { json?: boolean; open?: boolean; limit: number }) => {
      const db = requireMigrated(ctx);
      const rows = listOutages(db, { limit: opts.limit, openOnly: opts.open ?? false });
      const now = ctx.clock.now();
      if (opts.json) {
        return printJson(
          rows.map((o) => ({ id: o.id, check: o.checkName, reason: o.reason, started_at: o.startedAt, ended_at: o.endedAt, duration_ms: o.durationMs, open: o.endedAt === null })),
        );
      }
      printTable(
        rows.map((o) => ({
          id: o.id,
          check: o.checkName,
          started: new Date(o.startedAt).toISOString(),
          duration: o.durationMs === null ? `open ${formatDuration(now - o.startedAt)}` : formatDuration(o.durationMs),
          reason: o.reason,
        })),
        ['id', 'check', 'started', 'duration', 'reason'],
      );
    });
}
