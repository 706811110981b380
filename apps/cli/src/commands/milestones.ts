import path from 'node:path';
import type { Command } from 'commander';
import { ArchitectError } from '@architect/core';
import { scanConfiguredProjects } from '@architect/planning';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

export function registerMilestones(program: Command, ctx: CliContext): void {
  const milestones = program.command('milestones').description("TODO/FIXME comments and checklist items of the configured projects, by phase");

  milestones
    .command('scan')
    .description('scan every configured project (or one) now; writes data/milestones/<project>/<date>.json and .md')
    .option('--project <name>', 'only this project (a name from the config file)')
    .option('--json', 'print the results as one JSON document')
    .action(async (opts: { project?: string; json?: boolean }) => {
      const db = requireMigrated(ctx);
      const config = ctx.config();
      if (config.file.projects.length === 0) {
        throw new ArchitectError('NO_PROJECTS', 'no projects configured: add `projects: [{ "name", "path" }]` to architect.config.json');
      }
      const outcomes = await scanConfiguredProjects(
        { db, dataDir: path.join(config.home, 'data'), limits: config.file.milestones, clock: ctx.clock },
        config.file.projects,
        opts.project,
      );
      const failed = outcomes.filter((o) => !o.ok);
      if (failed.length > 0) process.exitCode = 1;
      if (opts.json) {
        return printJson(
          outcomes.map((o) =>
            o.ok
              ? { project: o.project, ok: true, items: o.scan.result.items, phases: o.scan.result.phases, stats: o.scan.result.stats, recorded: o.scan.recorded, reports: o.scan.reports }
              : { project: o.project, ok: false, error: o.error.message },
          ),
        );
      }
      for (const o of failed) if (!o.ok) process.stderr.write(`${o.project}: ${o.error.message}\n`);
      printTable(
        outcomes.flatMap((o) =>
          o.ok
            ? [
                {
                  project: o.project,
                  open: o.scan.result.items.length,
                  hours: o.scan.result.items.reduce((n, i) => n + i.estimatedHours, 0),
                  new: o.scan.recorded.added,
                  closed: o.scan.recorded.closed,
                  files: `${o.scan.result.stats.filesRead}/${o.scan.result.stats.trackedFiles}${o.scan.result.stats.truncated ? ` (truncated: ${o.scan.result.stats.truncatedBy})` : ''}`,
                  report: o.scan.reports.md,
                },
              ]
            : [],
        ),
        ['project', 'open', 'hours', 'new', 'closed', 'files', 'report'],
      );
    });
}
