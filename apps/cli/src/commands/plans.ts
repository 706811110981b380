import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ArchitectError, ConflictError, NotFoundError } from '@architect/core';
import { cancelPlan, getPlan, listPlanSteps, listPlans, pausePlan, resumePlan, syncConfiguredProjects, type PlanChange, type PlanRow, type Db } from '@architect/db';
import { addPlan, parsePlan, phaseProgress, progressLabel } from '@architect/planning';
import type { CliContext } from '../context';
import { idArg } from '../parseArgs';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

function planJson(db: Db, plan: PlanRow, withSteps: boolean) {
  const steps = listPlanSteps(db, plan.id);
  const progress = phaseProgress(steps);
  return {
    ...plan,
    progress: progressLabel(progress),
    phases: progress,
    ...(withSteps ? { steps } : {}),
  };
}

function change(ctx: CliContext, id: number, verb: string, fn: (db: Db, id: number, now: number) => PlanChange, json?: boolean): void {
  const db = requireMigrated(ctx);
  const r = fn(db, id, ctx.clock.now());
  if (!r.ok) {
    if (r.status === null) throw new NotFoundError('plan', id);
    throw new ConflictError(`plan ${id} is ${r.status}; cannot ${verb} it`, { id, status: r.status });
  }
  const plan = getPlan(db, id)!;
  if (json) printJson({ plan_id: id, status: plan.status });
  else process.stdout.write(`plan ${id} is now ${plan.status}\n`);
}

export function registerPlans(program: Command, ctx: CliContext): void {
  const plans = program.command('plans').description('long-term plans run by the orchestrator: steps queued as prompts, done when their verify command passes');

  plans
    .command('add')
    .description('add a plan from a JSON or Markdown file (format: docs/orchestrator.md)')
    .requiredOption('--file <file>', 'the plan file (.json, or .md)')
    .option('--json', 'print the new plan as JSON')
    .action((opts: { file: string; json?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(opts.file, 'utf8');
      } catch (err) {
        throw new ArchitectError('FILE_UNREADABLE', `cannot read ${opts.file}: ${(err as Error).message}`, { file: opts.file });
      }
      const spec = parsePlan(text, opts.file);
      const db = requireMigrated(ctx);
      const config = ctx.config();
      syncConfiguredProjects(db, config.file.projects, ctx.clock.now());
      const id = addPlan(db, spec, { source: path.resolve(opts.file), defaultMaxAttempts: config.file.orchestrator.maxAttempts, now: ctx.clock.now() });
      const plan = getPlan(db, id)!;
      if (opts.json) return printJson(planJson(db, plan, true));
      const steps = spec.phases.reduce((n, p) => n + p.steps.length, 0);
      process.stdout.write(`added plan ${id} "${plan.name}": ${spec.phases.length} phase(s), ${steps} step(s)\n`);
    });

  plans
    .command('list')
    .description('every plan with its progress')
    .option('--json', 'print as a JSON array')
    .action((opts: { json?: boolean }) => {
      const db = requireMigrated(ctx);
      const rows = listPlans(db).map((p) => planJson(db, p, false));
      if (opts.json) return printJson(rows);
      printTable(
        rows.map((p) => ({ id: p.id, name: p.name, status: p.status, progress: p.progress, blocked: p.blockedReason })),
        ['id', 'name', 'status', 'progress', 'blocked'],
      );
    });

  plans
    .command('show')
    .description("a plan's phases and steps: state, attempts, prompt and verify")
    .argument('<id>', 'plan id', idArg)
    .option('--json', 'print as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      const db = requireMigrated(ctx);
      const plan = getPlan(db, id);
      if (!plan) throw new NotFoundError('plan', id);
      const doc = planJson(db, plan, true);
      if (opts.json) return printJson(doc);
      process.stdout.write(`plan ${plan.id} "${plan.name}" — ${plan.status}, ${doc.progress}${plan.blockedReason ? ` — blocked: ${plan.blockedReason}` : ''}\n`);
      for (const ph of doc.phases) process.stdout.write(`  ${ph.phase}: ${ph.done}/${ph.total} (${ph.percent}%)\n`);
      printTable(
        listPlanSteps(db, id).map((s) => ({
          step: s.key,
          phase: s.phase,
          status: s.status,
          tries: `${s.attempts}/${s.maxAttempts}`,
          after: s.dependsOn,
          prompt: s.promptId,
          verify: s.verify,
          title: s.title,
        })),
        ['step', 'phase', 'status', 'tries', 'after', 'prompt', 'verify', 'title'],
      );
    });

  for (const [verb, fn, what] of [
    ['pause', pausePlan, 'stop queueing new steps (steps in flight finish)'],
    ['resume', resumePlan, 'resume a paused or blocked plan (blocked steps get a fresh set of attempts)'],
    ['cancel', cancelPlan, "cancel a plan and its steps' prompts still waiting in the queue"],
  ] as const) {
    plans
      .command(verb)
      .description(what)
      .argument('<id>', 'plan id', idArg)
      .option('--json', 'print the result as JSON')
      .action((id: number, opts: { json?: boolean }) => change(ctx, id, verb, fn, opts.json));
  }
}
