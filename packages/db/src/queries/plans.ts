/**
 * Plans and their steps (SPEC §8): insert, read, and the plan-level transitions a human asks for
 * (pause, resume, cancel). Step transitions the orchestrator makes live in planSteps.ts.
 */
import type { Db } from '../createDb';
import { immediate } from '../openSqlite';
import { addHistory } from './prompts';

export type PlanStatus = 'active' | 'paused' | 'blocked' | 'cancelled' | 'completed';
export type StepStatus = 'pending' | 'queued' | 'verifying' | 'done' | 'blocked' | 'cancelled';

export interface NewPlanStep {
  key: string;
  phase: string;
  title: string;
  prompt: string;
  dependsOn: string[];
  targetSession: string | null;
  targetProvider: string | null;
  requiredSpecialty: string | null;
  verify: string | null;
  done: boolean;
}

export interface PlanRow {
  id: number;
  name: string;
  projectId: number | null;
  status: PlanStatus;
  source: string | null;
  blockedReason: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface PlanStepRow {
  id: number;
  planId: number;
  phase: string;
  position: number;
  key: string;
  title: string;
  prompt: string;
  status: StepStatus;
  dependsOn: string[];
  targetSession: string | null;
  targetProvider: string | null;
  requiredSpecialty: string | null;
  verify: string | null;
  promptId: number | null;
  verifyTaskId: number | null;
  attempts: number;
  maxAttempts: number;
  lastFailure: string | null;
  completedAt: number | null;
  updatedAt: number;
}

const PLAN_COLS = `id, name, project_id AS projectId, status, source, blocked_reason AS blockedReason, created_at AS createdAt, updated_at AS updatedAt`;
const STEP_COLUMNS: [string, string][] = [
  ['id', 'id'], ['plan_id', 'planId'], ['phase', 'phase'], ['position', 'position'], ['step_key', 'key'], ['title', 'title'],
  ['prompt', 'prompt'], ['status', 'status'], ['depends_on', 'dependsOn'], ['target_session', 'targetSession'],
  ['target_provider', 'targetProvider'], ['required_specialty', 'requiredSpecialty'], ['verify', 'verify'], ['prompt_id', 'promptId'],
  ['verify_task_id', 'verifyTaskId'], ['attempts', 'attempts'], ['max_attempts', 'maxAttempts'], ['last_failure', 'lastFailure'],
  ['completed_at', 'completedAt'], ['updated_at', 'updatedAt'],
];
const stepCols = (alias: string): string => STEP_COLUMNS.map(([col, as]) => `${alias}${col} AS ${as}`).join(', ');
const STEP_COLS = stepCols('');

function toStep(r: PlanStepRow & { dependsOn: unknown }): PlanStepRow {
  return { ...r, dependsOn: JSON.parse(r.dependsOn as unknown as string) as string[] };
}

export function insertPlan(
  db: Db,
  a: { name: string; projectId: number | null; source: string | null; maxAttempts: number; steps: readonly NewPlanStep[]; now: number },
): number {
  return immediate(db, () => {
    const planId = Number(
      db.sqlite
        .prepare(`INSERT INTO plans (name, project_id, status, source, created_at, updated_at) VALUES (?, ?, 'active', ?, ?, ?)`)
        .run(a.name, a.projectId, a.source, a.now, a.now).lastInsertRowid,
    );
    const ins = db.sqlite.prepare(
      `INSERT INTO plan_steps (plan_id, phase, position, step_key, title, prompt, status, depends_on, target_session, target_provider,
         required_specialty, verify, max_attempts, created_at, updated_at, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    a.steps.forEach((s, i) => {
      ins.run(planId, s.phase, i + 1, s.key, s.title, s.prompt, s.done ? 'done' : 'pending', JSON.stringify(s.dependsOn), s.targetSession, s.targetProvider,
        s.requiredSpecialty, s.verify, a.maxAttempts, a.now, a.now, s.done ? a.now : null);
    });
    return planId;
  });
}

export function getPlan(db: Db, id: number): PlanRow | undefined {
  return db.sqlite.prepare(`SELECT ${PLAN_COLS} FROM plans WHERE id = ?`).get(id) as PlanRow | undefined;
}

export function listPlans(db: Db, opts: { status?: PlanStatus } = {}): PlanRow[] {
  const where = opts.status ? 'WHERE status = ?' : '';
  return db.sqlite.prepare(`SELECT ${PLAN_COLS} FROM plans ${where} ORDER BY id`).all(...(opts.status ? [opts.status] : [])) as PlanRow[];
}

export function listPlanSteps(db: Db, planId: number): PlanStepRow[] {
  return (db.sqlite.prepare(`SELECT ${STEP_COLS} FROM plan_steps WHERE plan_id = ? ORDER BY position`).all(planId) as (PlanStepRow & { dependsOn: unknown })[]).map(toStep);
}

/** Steps in the given states across all plans in the given plan states (one query per cycle pass). */
export function stepsInState(db: Db, stepStatus: StepStatus, planStatuses: readonly PlanStatus[]): PlanStepRow[] {
  const marks = planStatuses.map(() => '?').join(',');
  return (
    db.sqlite
      .prepare(`SELECT ${stepCols('s.')} FROM plan_steps s JOIN plans p ON p.id = s.plan_id
                WHERE s.status = ? AND p.status IN (${marks}) ORDER BY s.plan_id, s.position`)
      .all(stepStatus, ...planStatuses) as (PlanStepRow & { dependsOn: unknown })[]
  ).map(toStep);
}

export type PlanChange = { ok: true } | { ok: false; status: PlanStatus | null };

function changePlan(db: Db, id: number, from: readonly PlanStatus[], to: PlanStatus, now: number, extra?: () => void): PlanChange {
  return immediate(db, () => {
    const marks = from.map(() => '?').join(',');
    const r = db.sqlite.prepare(`UPDATE plans SET status = ?, blocked_reason = NULL, updated_at = ? WHERE id = ? AND status IN (${marks})`).run(to, now, id, ...from);
    if (r.changes === 0) return { ok: false, status: getPlan(db, id)?.status ?? null };
    extra?.();
    return { ok: true };
  });
}

export function pausePlan(db: Db, id: number, now: number): PlanChange {
  return changePlan(db, id, ['active'], 'paused', now);
}

/** Resuming a blocked plan re-arms its blocked steps with a fresh attempt budget. */
export function resumePlan(db: Db, id: number, now: number): PlanChange {
  return changePlan(db, id, ['paused', 'blocked'], 'active', now, () => {
    db.sqlite
      .prepare(`UPDATE plan_steps SET status = 'pending', attempts = 0, prompt_id = NULL, verify_task_id = NULL, updated_at = ? WHERE plan_id = ? AND status = 'blocked'`)
      .run(now, id);
  });
}

/**
 * Cancelling stops the plan; a step's prompt still waiting in the queue is cancelled with it (one
 * an agent is already working on is left to finish — interrupting it could lose work).
 */
export function cancelPlan(db: Db, id: number, now: number): PlanChange {
  return changePlan(db, id, ['active', 'paused', 'blocked'], 'cancelled', now, () => {
    const pending = db.sqlite
      .prepare(
        `UPDATE prompts SET status = 'cancelled', completed_at = ?, updated_at = ? WHERE status = 'pending'
           AND id IN (SELECT prompt_id FROM plan_steps WHERE plan_id = ? AND status = 'queued') RETURNING id`,
      )
      .all(now, now, id) as { id: number }[];
    for (const p of pending) addHistory(db, p.id, null, 'cancelled', { by: 'plan_cancel', planId: id }, now);
    db.sqlite.prepare(`UPDATE plan_steps SET status = 'cancelled', updated_at = ? WHERE plan_id = ? AND status IN ('pending', 'queued', 'verifying', 'blocked')`).run(now, id);
  });
}
