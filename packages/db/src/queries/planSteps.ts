/**
 * Step transitions made by the orchestrator. Each is a compare-and-swap from the state the step
 * was read in, and each one that creates work (a prompt, a verify task) records the new row's id
 * in the same transaction: a crash either leaves no prompt and a pending step, or both — never a
 * prompt the step does not know about, so a restarted orchestrator cannot queue it twice.
 */
import type { Db } from '../createDb';
import { immediate } from '../openSqlite';
import { insertAlertTx } from './alerts';
import { enqueuePrompt, type EnqueueInput } from './prompts';
import { enqueueTask, type NewTask } from './taskEnqueue';
import type { PlanStepRow } from './plans';

/** pending → queued with its prompt; returns the prompt id, or null when the CAS lost. */
export function queueStep(db: Db, stepId: number, prompt: EnqueueInput, now: number): number | null {
  return immediate(db, () => {
    const won = db.sqlite
      .prepare(`UPDATE plan_steps SET status = 'queued', attempts = attempts + 1, verify_task_id = NULL, updated_at = ? WHERE id = ? AND status = 'pending'`)
      .run(now, stepId).changes;
    if (won === 0) return null;
    // Nested: enqueuePrompt's own transaction becomes a savepoint inside this one.
    const promptId = enqueuePrompt(db, { ...prompt, source: 'orchestrator' }, now);
    db.sqlite.prepare('UPDATE plan_steps SET prompt_id = ? WHERE id = ?').run(promptId, stepId);
    return promptId;
  });
}

/** queued → verifying with its verify task; returns the task id, or null when the CAS lost. */
export function startVerify(db: Db, stepId: number, promptId: number, task: NewTask, now: number): number | null {
  return immediate(db, () => {
    const won = db.sqlite
      .prepare(`UPDATE plan_steps SET status = 'verifying', updated_at = ? WHERE id = ? AND status = 'queued' AND prompt_id = ?`)
      .run(now, stepId, promptId).changes;
    if (won === 0) return null;
    const taskId = enqueueTask(db, task, now);
    db.sqlite.prepare('UPDATE plan_steps SET verify_task_id = ? WHERE id = ?').run(taskId, stepId);
    return taskId;
  });
}

/** queued | verifying → done; the plan completes with its last step. Returns whether the CAS won. */
export function completeStep(db: Db, step: Pick<PlanStepRow, 'id' | 'planId' | 'status'>, now: number): { done: boolean; planCompleted: boolean } {
  return immediate(db, () => {
    const won = db.sqlite
      .prepare(`UPDATE plan_steps SET status = 'done', last_failure = NULL, completed_at = ?, updated_at = ? WHERE id = ? AND status = ?`)
      .run(now, now, step.id, step.status).changes;
    if (won === 0) return { done: false, planCompleted: false };
    const left = db.sqlite.prepare(`SELECT count(*) AS n FROM plan_steps WHERE plan_id = ? AND status != 'done'`).get(step.planId) as { n: number };
    let planCompleted = false;
    if (left.n === 0) {
      planCompleted = db.sqlite.prepare(`UPDATE plans SET status = 'completed', updated_at = ? WHERE id = ? AND status IN ('active', 'paused')`).run(now, step.planId).changes > 0;
    }
    return { done: true, planCompleted };
  });
}

export type StepFailOutcome = 'retry' | 'blocked' | 'noop';

/**
 * A step's prompt failed or its verify did not exit 0. With attempts left it goes back to pending,
 * carrying the failure (appended to its next prompt); otherwise it and its plan are blocked and an
 * alert raised, all in one transaction.
 */
export function failStep(
  db: Db,
  step: Pick<PlanStepRow, 'id' | 'planId' | 'status' | 'attempts' | 'maxAttempts' | 'title'>,
  failure: string,
  now: number,
): StepFailOutcome {
  return immediate(db, () => {
    if (step.attempts < step.maxAttempts) {
      const won = db.sqlite
        .prepare(`UPDATE plan_steps SET status = 'pending', last_failure = ?, updated_at = ? WHERE id = ? AND status = ?`)
        .run(failure, now, step.id, step.status).changes;
      return won ? 'retry' : 'noop';
    }
    const won = db.sqlite
      .prepare(`UPDATE plan_steps SET status = 'blocked', last_failure = ?, updated_at = ? WHERE id = ? AND status = ?`)
      .run(failure, now, step.id, step.status).changes;
    if (!won) return 'noop';
    const reason = `step ${step.id} "${step.title}" failed ${step.attempts} time(s)`;
    const blocked = db.sqlite.prepare(`UPDATE plans SET status = 'blocked', blocked_reason = ?, updated_at = ? WHERE id = ? AND status IN ('active', 'paused') RETURNING name`).get(reason, now, step.planId) as
      | { name: string }
      | undefined;
    if (blocked) {
      insertAlertTx(db, {
        kind: 'plan_blocked',
        message: `plan ${step.planId} "${blocked.name}" blocked: ${reason}`,
        details: { planId: step.planId, stepId: step.id, attempts: step.attempts, failure: failure.slice(-500) },
        now,
      });
    }
    return 'blocked';
  });
}
