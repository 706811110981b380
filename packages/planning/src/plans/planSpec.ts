/**
 * A plan as written by a user (JSON or Markdown), validated into one shape: phases of steps, each
 * with its prompt, target, dependencies and optional verify command.
 */
import { z } from 'zod';
import { ArchitectError } from '@architect/core';

/** A plan file that cannot be accepted; `problems` lists every problem with where it is. */
export class PlanParseError extends ArchitectError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super('PLAN_INVALID', `invalid plan ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { source, problems });
  }
}

export interface StepTarget {
  session?: string;
  provider?: string;
  specialty?: string;
}

export interface StepSpec {
  id: string;
  title: string;
  prompt: string;
  target: StepTarget;
  after: string[];
  verify: string | null;
  /** Already done when the plan is added (a checked box in Markdown). */
  done: boolean;
}

export interface PlanSpec {
  name: string;
  project: string | null;
  maxAttempts: number | null;
  phases: { name: string; steps: StepSpec[] }[];
}

const NAME = z.string().trim().min(1).max(200);
const STEP_ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');

/** "session:NAME", "provider:NAME" or "specialty:NAME". */
export function parseTarget(text: string): StepTarget | string {
  const m = /^(session|provider|specialty):\s*(\S+)$/.exec(text.trim());
  if (!m) return `target "${text}" must be session:NAME, provider:NAME or specialty:NAME`;
  return { [m[1]!]: m[2]! };
}

const targetObject = z.object({ session: z.string().min(1).optional(), provider: z.string().min(1).optional(), specialty: z.string().min(1).optional() }).strict();

// Hand-rolled rather than z.union, whose error ("Invalid input") would hide which form was meant.
const targetSchema = z.unknown().transform((v, ctx): StepTarget => {
  const t = typeof v === 'string' ? parseTarget(v) : targetObject.safeParse(v).data ?? 'target must be "session:NAME", "provider:NAME", "specialty:NAME" or an object with one of those keys';
  if (typeof t === 'string') {
    ctx.addIssue({ code: 'custom', message: t });
    return z.NEVER;
  }
  return t;
});

const stepSchema = z
  .object({
    id: STEP_ID.optional(),
    title: NAME.optional(),
    prompt: z.string().trim().min(1, 'prompt is empty'),
    target: targetSchema.optional(),
    after: z.union([STEP_ID, z.array(STEP_ID)]).optional(),
    verify: z.string().trim().min(1).optional(),
    done: z.boolean().optional(),
  })
  .strict();

export const planJsonSchema = z
  .object({
    name: NAME,
    project: z.string().min(1).optional(),
    maxAttempts: z.number().int().min(1).max(20).optional(),
    phases: z.array(z.object({ name: NAME, steps: z.array(stepSchema).min(1, 'a phase needs at least one step') }).strict()).min(1, 'a plan needs at least one phase'),
  })
  .strict();

export function fromJson(raw: unknown, source: string): PlanSpec {
  const r = planJsonSchema.safeParse(raw);
  if (!r.success) throw new PlanParseError(source, r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  let n = 0;
  const spec: PlanSpec = {
    name: r.data.name,
    project: r.data.project ?? null,
    maxAttempts: r.data.maxAttempts ?? null,
    phases: r.data.phases.map((p) => ({
      name: p.name,
      steps: p.steps.map((s) => {
        n++;
        return {
          id: s.id ?? `s${n}`,
          title: s.title ?? firstLine(s.prompt),
          prompt: s.prompt,
          target: s.target ?? {},
          after: s.after === undefined ? [] : Array.isArray(s.after) ? s.after : [s.after],
          verify: s.verify ?? null,
          done: s.done ?? false,
        };
      }),
    })),
  };
  return checkGraph(spec, source);
}

export function firstLine(text: string): string {
  const line = text.trim().split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** Unique ids, known dependencies, no cycles, at most one kind of target per step. */
export function checkGraph(spec: PlanSpec, source: string): PlanSpec {
  const problems: string[] = [];
  const steps = spec.phases.flatMap((p) => p.steps);
  const ids = new Set<string>();
  for (const s of steps) {
    if (ids.has(s.id)) problems.push(`step id "${s.id}" is used twice`);
    ids.add(s.id);
    if (Object.keys(s.target).length > 1) problems.push(`step "${s.id}": give one target (session, provider or specialty), not several`);
  }
  for (const s of steps) for (const d of s.after) if (!ids.has(d)) problems.push(`step "${s.id}" depends on unknown step "${d}"`);
  if (problems.length === 0) {
    const cycle = findCycle(steps);
    if (cycle) problems.push(`dependency cycle: ${cycle.join(' -> ')}`);
  }
  if (problems.length) throw new PlanParseError(source, problems);
  return spec;
}

function findCycle(steps: StepSpec[]): string[] | undefined {
  const deps = new Map(steps.map((s) => [s.id, s.after]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const s of steps) {
    const c = visit(s.id);
    if (c) return c;
  }
  return undefined;
}
