/**
 * One orchestrator cycle: move in-flight steps on (prompt answered → verify task; verify exited →
 * done or retry/block), then queue every ready step of every active plan. Each move is one CAS
 * transaction in @architect/db, so two cycles (or a cycle after a crash) cannot repeat a move.
 */
import { ValidationError, toError, type Clock, type Logger, type OrchestratorConfig } from '@architect/core';
import {
  completeStep,
  failStep,
  getPlan,
  getProjectById,
  getPrompt,
  getTask,
  listPlanSteps,
  queueStep,
  startVerify,
  stepsInState,
  type Db,
  type PlanStepRow,
} from '@architect/db';
import { stepPromptText, verifyFailure } from './stepPrompt';

export interface CycleDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  config: OrchestratorConfig;
}

export interface CycleReport {
  queued: number;
  verifying: number;
  done: number;
  retried: number;
  blocked: number;
}

/** Plans whose in-flight steps are still followed (a blocked or paused plan lets running work finish). */
const FOLLOWED = ['active', 'paused', 'blocked'] as const;

export function runCycle(deps: CycleDeps): CycleReport {
  const report: CycleReport = { queued: 0, verifying: 0, done: 0, retried: 0, blocked: 0 };
  const projectPaths = new Map<number | null, string | undefined>();
  const projectPath = (planId: number): string | undefined => {
    const projectId = getPlan(deps.db, planId)?.projectId ?? null;
    if (!projectPaths.has(projectId)) projectPaths.set(projectId, projectId === null ? undefined : (getProjectById(deps.db, projectId)?.path ?? undefined));
    return projectPaths.get(projectId);
  };
  for (const step of stepsInState(deps.db, 'queued', FOLLOWED)) followPrompt(deps, step, projectPath, report);
  for (const step of stepsInState(deps.db, 'verifying', FOLLOWED)) followVerify(deps, step, report);
  queueReadySteps(deps, report);
  return report;
}

function fail(deps: CycleDeps, step: PlanStepRow, failure: string, report: CycleReport): void {
  const outcome = failStep(deps.db, step, failure, deps.clock.now());
  if (outcome === 'retry') report.retried++;
  if (outcome === 'blocked') report.blocked++;
  if (outcome !== 'noop') deps.log.warn({ planId: step.planId, stepId: step.id, attempt: step.attempts, outcome }, 'plan step failed');
}

function done(deps: CycleDeps, step: PlanStepRow, report: CycleReport): void {
  const r = completeStep(deps.db, step, deps.clock.now());
  if (!r.done) return;
  report.done++;
  deps.log.info({ planId: step.planId, stepId: step.id, planCompleted: r.planCompleted }, 'plan step done');
}

function followPrompt(deps: CycleDeps, step: PlanStepRow, projectPath: (planId: number) => string | undefined, report: CycleReport): void {
  const prompt = step.promptId === null ? undefined : getPrompt(deps.db, step.promptId);
  if (!prompt) return fail(deps, step, `Its prompt ${step.promptId ?? '(none)'} no longer exists.`, report);
  if (prompt.status === 'failed' || prompt.status === 'cancelled') {
    return fail(deps, step, `Its prompt ${prompt.id} ${prompt.status}${prompt.error ? `: ${prompt.error}` : ''}.`, report);
  }
  if (prompt.status !== 'completed') return;
  // No verify command: the agent's completion is all there is to go on (documented).
  if (!step.verify) return done(deps, step, report);
  const cwd = projectPath(step.planId);
  const taskId = startVerify(
    deps.db,
    step.id,
    prompt.id,
    {
      type: 'shell',
      payload: { command: step.verify, ...(cwd ? { cwd } : {}) },
      // The verify's own exit decides; a retry of the same check would only hide a flaky one.
      maxAttempts: 1,
      timeoutSeconds: deps.config.verifyTimeoutSeconds,
      priority: 10,
    },
    deps.clock.now(),
  );
  if (taskId !== null) {
    report.verifying++;
    deps.log.info({ planId: step.planId, stepId: step.id, promptId: prompt.id, taskId }, 'verify queued');
  }
}

function followVerify(deps: CycleDeps, step: PlanStepRow, report: CycleReport): void {
  const task = step.verifyTaskId === null ? undefined : getTask(deps.db, step.verifyTaskId);
  if (!task) return fail(deps, step, `Its verify task ${step.verifyTaskId ?? '(none)'} no longer exists.`, report);
  if (task.status === 'done') return done(deps, step, report);
  if (task.status === 'failed' || task.status === 'cancelled') fail(deps, step, verifyFailure(step, task, deps.config.failureTailBytes), report);
}

function queueReadySteps(deps: CycleDeps, report: CycleReport): void {
  const pending = stepsInState(deps.db, 'pending', ['active']);
  const statusByPlan = new Map<number, Map<string, string>>();
  for (const step of pending) {
    let statuses = statusByPlan.get(step.planId);
    if (!statuses) statusByPlan.set(step.planId, (statuses = new Map(listPlanSteps(deps.db, step.planId).map((s) => [s.key, s.status]))));
    if (!step.dependsOn.every((d) => statuses.get(d) === 'done')) continue;
    try {
      const promptId = queueStep(
        deps.db,
        step.id,
        { content: stepPromptText(step), targetSession: step.targetSession, targetProvider: step.targetProvider, requiredSpecialty: step.requiredSpecialty },
        deps.clock.now(),
      );
      if (promptId === null) continue;
      report.queued++;
      deps.log.info({ planId: step.planId, stepId: step.id, promptId, attempt: step.attempts + 1 }, 'plan step queued');
    } catch (raw) {
      const err = toError(raw);
      if (!(err instanceof ValidationError)) throw err;
      // The prompt can never be queued (e.g. too long with its failure note): block at once.
      fail(deps, { ...step, attempts: step.maxAttempts }, `Its prompt was refused: ${err.message}`, report);
    }
  }
}
