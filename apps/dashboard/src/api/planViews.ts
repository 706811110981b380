/**
 * Read models of plans and milestones shared by the JSON API and the pages, so both show the
 * same numbers (progress per phase as `architect plans` computes it).
 */
import { NotFoundError } from '@architect/core';
import { getPlan, getPrompt, getTask, listMilestoneItems, listPlanSteps, listPlans, listProjects, type Db, type PlanRow } from '@architect/db';
import { phaseProgress, progressLabel } from '@architect/planning';

/** A verify command's output is shown bounded: its tail is where the failure is. */
export const VERIFY_OUTPUT_MAX = 4000;
/** Open milestone items listed per project (counts cover them all). */
export const MILESTONE_ITEMS_MAX = 200;

const tail = (s: string | null, max: number): string | null => (s === null || s.length <= max ? s : `…${s.slice(-max)}`);

export function planSummary(db: Db, plan: PlanRow) {
  const phases = phaseProgress(listPlanSteps(db, plan.id));
  return { ...plan, progress: progressLabel(phases), phases };
}

export function planSummaries(db: Db) {
  return listPlans(db).map((p) => planSummary(db, p));
}

export function planDetail(db: Db, id: number) {
  const plan = getPlan(db, id);
  if (!plan) throw new NotFoundError('plan', id);
  const steps = listPlanSteps(db, id).map((s) => {
    const verifyTask = s.verifyTaskId === null ? undefined : getTask(db, s.verifyTaskId);
    const prompt = s.promptId === null ? undefined : getPrompt(db, s.promptId);
    return {
      ...s,
      lastFailure: tail(s.lastFailure, VERIFY_OUTPUT_MAX),
      promptStatus: prompt?.status ?? null,
      lastVerify: verifyTask
        ? { taskId: verifyTask.id, status: verifyTask.status, exitCode: verifyTask.exitCode, output: tail(verifyTask.outputTail ?? verifyTask.outputHead, VERIFY_OUTPUT_MAX) }
        : null,
    };
  });
  return { ...planSummary(db, plan), steps };
}

export function milestonesByProject(db: Db) {
  return listProjects(db).map((p) => {
    const items = listMilestoneItems(db, p.id);
    const phases = new Map<string, { phase: string; open: number; closed: number }>();
    for (const it of items) {
      const ph = phases.get(it.phase) ?? { phase: it.phase, open: 0, closed: 0 };
      ph[it.status]++;
      phases.set(it.phase, ph);
    }
    const open = items.filter((i) => i.status === 'open');
    return {
      project_id: p.id,
      project: p.name,
      open: open.length,
      closed: items.length - open.length,
      phases: [...phases.values()],
      items: open.slice(0, MILESTONE_ITEMS_MAX),
    };
  });
}
