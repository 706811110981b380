/** A parsed plan into the database: its project resolved, its steps in order. */
import { NotFoundError } from '@architect/core';
import { getProjectByName, insertPlan, type Db } from '@architect/db';
import type { PlanSpec } from './planSpec';

export function addPlan(db: Db, spec: PlanSpec, a: { source: string | null; defaultMaxAttempts: number; now: number }): number {
  let projectId: number | null = null;
  if (spec.project !== null) {
    const project = getProjectByName(db, spec.project);
    if (!project) throw new NotFoundError('project', spec.project);
    projectId = project.id;
  }
  return insertPlan(db, {
    name: spec.name,
    projectId,
    source: a.source,
    maxAttempts: spec.maxAttempts ?? a.defaultMaxAttempts,
    now: a.now,
    steps: spec.phases.flatMap((ph) =>
      ph.steps.map((s) => ({
        key: s.id,
        phase: ph.name,
        title: s.title,
        prompt: s.prompt,
        dependsOn: s.after,
        targetSession: s.target.session ?? null,
        targetProvider: s.target.provider ?? null,
        requiredSpecialty: s.target.specialty ?? null,
        verify: s.verify,
        done: s.done,
      })),
    ),
  });
}
