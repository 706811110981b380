import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { checkPromptRouting, providers } from '@architect/core';
import {
  WORK_ITEMS,
  addWorkItem,
  bugSeverities,
  linkedPrompts,
  listWorkItems,
  requireProject,
  requireWorkItem,
  sendWorkItem,
  updateWorkItem,
  type WorkItemKind,
  type WorkItemPatch,
} from '@architect/db';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { choiceArg, idArg, intArg } from '../parseArgs';
import { requireMigrated } from '../requireMigrated';

interface ItemOptions {
  project?: string;
  description?: string;
  spec?: string;
  priority?: number;
  estimatedHours?: number;
  assignedTo?: string;
  severity?: string;
  status?: string;
  from?: string;
  title?: string;
  json?: boolean;
}

const hoursArg = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 100_000) throw new InvalidArgumentError(`estimated-hours must be a number >= 0, got "${v}"`);
  return n;
};

/** `features` and `bugs`: the same verbs over two tables (SPEC §8, statuses as in the seed). */
export function registerWorkItems(program: Command, ctx: CliContext): void {
  register(program, ctx, 'feature', 'features', 'features of a project: draft → in_progress → completed (or blocked)');
  register(program, ctx, 'bug', 'bugs', 'bugs of a project: open → in_progress → fixed → closed');
}

function fieldOptions(cmd: Command, kind: WorkItemKind): Command {
  cmd
    .option('--description <text>', 'what it is about')
    .option('--priority <n>', 'higher first', intArg('priority', -1000, 1000));
  if (kind === 'feature') {
    cmd
      .option('--spec <text>', 'the specification (sent with the prompt)')
      .option('--estimated-hours <h>', 'estimate in hours', hoursArg)
      .option('--assigned-to <who>', 'who owns it');
  } else {
    cmd.option('--severity <s>', `one of ${bugSeverities.join(', ')}`, choiceArg('severity', bugSeverities));
  }
  return cmd;
}

function fields(o: ItemOptions): WorkItemPatch {
  return { description: o.description, spec: o.spec, priority: o.priority, estimatedHours: o.estimatedHours, assignedTo: o.assignedTo, severity: o.severity };
}

function register(program: Command, ctx: CliContext, kind: WorkItemKind, group: string, description: string): void {
  const statuses = WORK_ITEMS[kind].statuses;
  const cmd = program.command(group).description(description);

  fieldOptions(
    cmd
      .command('add')
      .description(`add a ${kind}`)
      .argument('<title>', 'short title')
      .option('--project <project>', 'project id or name')
      .option('--status <s>', `one of ${statuses.join(', ')}`, choiceArg('status', statuses)),
    kind,
  )
    .option('--json', `print {"${kind}_id": N}`)
    .action((title: string, o: ItemOptions) => {
      const db = requireMigrated(ctx);
      const projectId = o.project === undefined ? null : requireProject(db, o.project).id;
      const id = addWorkItem(db, kind, { ...fields(o), title, projectId, status: o.status }, ctx.clock.now());
      if (o.json) printJson({ [`${kind}_id`]: id });
      else process.stdout.write(`${kind} ${id} added\n`);
    });

  cmd
    .command('list')
    .description(`${group}, highest priority first`)
    .option('--project <project>', 'project id or name')
    .option('--status <s>', `one of ${statuses.join(', ')}`, choiceArg('status', statuses))
    .option('--json', 'print as a JSON array')
    .action((o: ItemOptions) => {
      const db = requireMigrated(ctx);
      const rows = listWorkItems(db, kind, { projectId: o.project === undefined ? undefined : requireProject(db, o.project).id, status: o.status });
      if (o.json) return printJson(rows);
      printTable(rows, ['id', 'project', 'status', 'priority', ...(kind === 'bug' ? ['severity'] : []), 'title']);
    });

  cmd
    .command('show')
    .description(`one ${kind} with the prompts it produced`)
    .argument('<id>', `${kind} id`, idArg)
    .option('--json', 'print as JSON (with "prompts")')
    .action((id: number, o: ItemOptions) => {
      const db = requireMigrated(ctx);
      const item = requireWorkItem(db, kind, id);
      const prompts = linkedPrompts(db, kind, id);
      if (o.json) return printJson({ ...item, prompts });
      process.stdout.write(`${kind} ${item.id}  ${item.status}  priority ${item.priority}  project ${item.project ?? '-'}\n${item.title}\n`);
      if (item.description) process.stdout.write(`\n${String(item.description)}\n`);
      if (item.spec) process.stdout.write(`\nspec:\n${String(item.spec)}\n`);
      process.stdout.write('\nprompts\n');
      printTable(prompts as unknown as Record<string, unknown>[], ['prompt_id', 'status', 'assigned_session', 'attempts']);
    });

  fieldOptions(
    cmd
      .command('update')
      .description(`change a ${kind}; a status change applies only from the status it is in (or --from)`)
      .argument('<id>', `${kind} id`, idArg)
      .option('--title <text>', 'new title')
      .option('--status <s>', `one of ${statuses.join(', ')}`, choiceArg('status', statuses))
      .option('--from <s>', 'the status you expect it to be in now (compare-and-swap)', choiceArg('from', statuses)),
    kind,
  )
    .option('--json', `print the ${kind}`)
    .action((id: number, o: ItemOptions) => {
      const row = updateWorkItem(requireMigrated(ctx), kind, id, { ...fields(o), title: o.title, status: o.status, fromStatus: o.from }, ctx.clock.now());
      if (o.json) printJson(row);
      else process.stdout.write(`${kind} ${id} updated (${row.status})\n`);
    });

  cmd
    .command('send')
    .description(`send a ${kind} to the fleet as a prompt (linked to it; a ${WORK_ITEMS[kind].initial} ${kind} becomes in_progress)`)
    .argument('<id>', `${kind} id`, idArg)
    .option('--target <session>', 'only this session may take it')
    .option('--provider <provider>', `only sessions of this provider (${providers.join(', ')})`, choiceArg('provider', providers))
    .option('--specialty <tag>', 'only sessions with this specialty')
    .option('--priority <n>', 'prompt priority, -100..100', intArg('priority', -100, 100))
    .option('--json', 'print {"prompt_id": N, "status": "…"}')
    .action((id: number, o: { target?: string; provider?: string; specialty?: string; priority?: number; json?: boolean }) => {
      checkPromptRouting(ctx.config().file, o, 'cli');
      const r = sendWorkItem(
        requireMigrated(ctx),
        kind,
        id,
        { targetSession: o.target ?? null, targetProvider: o.provider ?? null, requiredSpecialty: o.specialty ?? null, priority: o.priority ?? 0 },
        ctx.clock.now(),
      );
      if (o.json) printJson({ prompt_id: r.promptId, [`${kind}_id`]: id, status: r.status });
      else process.stdout.write(`${kind} ${id} sent as prompt ${r.promptId} (${kind} is ${r.status})\n`);
    });
}
