import type { Command } from 'commander';
import { addProject, archiveProject, listWorkItems, projectCounts, projectStatuses, requireProject, listProjects, type ProjectStatus } from '@architect/db';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { choiceArg, intArg } from '../parseArgs';
import { requireMigrated } from '../requireMigrated';

export function registerProjects(program: Command, ctx: CliContext): void {
  const projects = program.command('projects').description('projects: the features and bugs of each are tracked with `features` and `bugs`');

  projects
    .command('add')
    .description('add a project')
    .argument('<name>', 'unique project name')
    .option('--path <dir>', 'its source directory')
    .option('--description <text>', 'what it is')
    .option('--priority <n>', 'higher first', intArg('priority', -1000, 1000), 0)
    .option('--status <s>', `one of ${projectStatuses.join(', ')}`, choiceArg('status', projectStatuses), 'active')
    .option('--json', 'print {"project_id": N}')
    .action((name: string, opts: { path?: string; description?: string; priority: number; status: ProjectStatus; json?: boolean }) => {
      const id = addProject(requireMigrated(ctx), { name, path: opts.path, description: opts.description, priority: opts.priority, status: opts.status }, ctx.clock.now());
      if (opts.json) printJson({ project_id: id });
      else process.stdout.write(`project ${id} added: ${name}\n`);
    });

  projects
    .command('list')
    .description('projects (archived ones with --all)')
    .option('--all', 'include archived projects')
    .option('--json', 'print as a JSON array')
    .action((opts: { all?: boolean; json?: boolean }) => {
      const rows = listProjects(requireMigrated(ctx), { includeArchived: opts.all });
      if (opts.json) return printJson(rows);
      printTable(rows as unknown as Record<string, unknown>[], ['id', 'name', 'status', 'priority', 'path', 'description']);
    });

  projects
    .command('show')
    .description('one project with its features and bugs')
    .argument('<project>', 'id or name')
    .option('--json', 'print as JSON')
    .action((ref: string, opts: { json?: boolean }) => {
      const db = requireMigrated(ctx);
      const p = requireProject(db, ref);
      const features = listWorkItems(db, 'feature', { projectId: p.id });
      const bugs = listWorkItems(db, 'bug', { projectId: p.id });
      if (opts.json) return printJson({ ...p, counts: projectCounts(db, p.id), features, bugs });
      process.stdout.write(`project ${p.id}  ${p.name}  ${p.status}  priority ${p.priority}\npath      ${p.path ?? '-'}\n${p.description ? `${p.description}\n` : ''}\nfeatures\n`);
      printTable(features as unknown as Record<string, unknown>[], ['id', 'status', 'priority', 'title']);
      process.stdout.write('\nbugs\n');
      printTable(bugs as unknown as Record<string, unknown>[], ['id', 'status', 'severity', 'title']);
    });

  projects
    .command('archive')
    .description('archive a project (its features and bugs stay)')
    .argument('<project>', 'id or name')
    .option('--json', 'print the project')
    .action((ref: string, opts: { json?: boolean }) => {
      const p = archiveProject(requireMigrated(ctx), ref, ctx.clock.now());
      if (opts.json) printJson(p);
      else process.stdout.write(`project ${p.name} archived\n`);
    });
}
