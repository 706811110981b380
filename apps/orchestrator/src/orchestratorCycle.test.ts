import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, orchestratorSchema, silentLogger } from '@architect/core';
import {
  claimPrompt,
  claimTask,
  completePrompt,
  completeTask,
  failTask,
  getPlan,
  getPrompt,
  listAlerts,
  listPlanSteps,
  pausePlan,
  resumePlan,
  syncConfiguredProjects,
  syncConfiguredSessions,
  type Db,
} from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { addPlan, parsePlan, phaseProgress, progressLabel } from '@architect/planning';
import { runCycle, type CycleDeps } from './orchestratorCycle';

const PLAN = `# Three steps
project: web
max-attempts: 2

## Phase 1
- [ ] Write the module
  id: a
  verify: test -f module.ts
- [ ] Write the README
  id: b

## Phase 2
- [ ] Wire it up
  id: c
  after: a, b
  verify: pnpm test
`;

function answer(db: Db, promptId: number, now: number): void {
  expect(claimPrompt(db, { promptId, session: 'w1', now, lockTtlMs: 60_000 }).ok).toBe(true);
  expect(completePrompt(db, { promptId, session: 'w1', now, response: 'ok', via: 'test' })).toBe(true);
}

function runVerify(db: Db, now: number, exitCode: number, output: string): void {
  const claim = claimTask(db, 'test-worker', 60_000, now)!;
  expect(claim.type).toBe('shell');
  const result = { exitCode, signal: null, outputHead: output, outputTail: '', outputBytes: output.length, durationMs: 5 };
  if (exitCode === 0) expect(completeTask(db, claim, result, now)).toBe(true);
  else expect(failTask(db, claim, result, { error: `exit ${exitCode}`, backoff: { baseMs: 0, maxMs: 0 } }, now)).toBe('failed');
}

describe('orchestrator cycle', () => {
  let db: TempDb;
  let clock: ManualClock;
  let deps: CycleDeps;
  let planId: number;
  const step = (key: string) => listPlanSteps(db, planId).find((s) => s.key === key)!;

  beforeEach(() => {
    db = tempDb();
    clock = new ManualClock();
    deps = { db, clock, log: silentLogger(), config: orchestratorSchema.parse({ failureTailBytes: 300 }) };
    syncConfiguredProjects(db, [{ name: 'web', path: '/srv/web' }], clock.now());
    syncConfiguredSessions(db, [{ name: 'w1', provider: 'claude', role: 'worker', specialties: [], cwd: '/srv/web' }], clock.now());
    planId = addPlan(db, parsePlan(PLAN, 'plan.md'), { source: 'plan.md', defaultMaxAttempts: 3, now: clock.now() });
  });
  afterEach(() => db.dispose());

  it('queues ready steps once, verifies, retries with the failure output, completes', () => {
    expect(runCycle(deps)).toMatchObject({ queued: 2 });
    // A second cycle (or a second orchestrator) finds nothing more to queue.
    expect(runCycle(deps)).toMatchObject({ queued: 0, verifying: 0 });
    const a = step('a');
    const prompt = getPrompt(db, a.promptId!)!;
    expect(prompt).toMatchObject({ source: 'orchestrator', content: 'Write the module', status: 'pending' });
    expect(step('c').status).toBe('pending');

    // a answered → its verify task is queued in the project folder; b has no verify → done.
    clock.advance(1000);
    answer(db, a.promptId!, clock.now());
    answer(db, step('b').promptId!, clock.now());
    expect(runCycle(deps)).toMatchObject({ verifying: 1, done: 1, queued: 0 });
    expect(step('a').status).toBe('verifying');
    const task = db.sqlite.prepare('SELECT payload, max_attempts FROM tasks WHERE id = ?').get(step('a').verifyTaskId) as { payload: string; max_attempts: number };
    expect(JSON.parse(task.payload)).toEqual({ command: 'test -f module.ts', cwd: '/srv/web' });
    expect(progressLabel(phaseProgress(listPlanSteps(db, planId)))).toBe('50% of Phase 1');

    // The verify fails: a goes back with the failure (colour codes stripped) in its next prompt.
    runVerify(db, clock.now(), 1, '\x1b[31mmodule.ts: missing\x1b[0m\n');
    expect(runCycle(deps)).toMatchObject({ retried: 1, queued: 1 });
    const retry = getPrompt(db, step('a').promptId!)!;
    expect(retry.id).not.toBe(prompt.id);
    expect(retry.content).toContain('Write the module\n\n---\nA previous attempt at this step did not pass. The check `test -f module.ts` exited with code 1.');
    expect(retry.content).toContain('module.ts: missing');
    expect(retry.content).not.toContain('\x1b');
    expect(step('a').attempts).toBe(2);

    // Second attempt passes → c becomes ready.
    answer(db, retry.id, clock.now());
    runCycle(deps);
    runVerify(db, clock.now(), 0, 'ok');
    expect(runCycle(deps)).toMatchObject({ done: 1, queued: 1 });
    expect(progressLabel(phaseProgress(listPlanSteps(db, planId)))).toBe('0% of Phase 2');
    answer(db, step('c').promptId!, clock.now());
    runCycle(deps);
    runVerify(db, clock.now(), 0, 'ok');
    runCycle(deps);
    expect(getPlan(db, planId)!.status).toBe('completed');
    expect(listPlanSteps(db, planId).map((s) => [s.key, s.status, s.attempts])).toEqual([
      ['a', 'done', 2],
      ['b', 'done', 1],
      ['c', 'done', 1],
    ]);
  });

  it('blocks the plan with an alert when the attempts run out; resume re-arms it', () => {
    for (let attempt = 1; attempt <= 2; attempt++) {
      runCycle(deps);
      answer(db, step('a').promptId!, clock.now());
      runCycle(deps);
      runVerify(db, clock.now(), 2, `boom ${attempt} ${'x'.repeat(1000)}`);
    }
    expect(runCycle(deps)).toMatchObject({ blocked: 1, queued: 0 });
    expect(step('a').status).toBe('blocked');
    expect(step('a').lastFailure!.length).toBeLessThan(500);
    expect(getPlan(db, planId)).toMatchObject({ status: 'blocked' });
    const alerts = listAlerts(db).filter((x) => x.kind === 'plan_blocked');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toMatch(/Write the module" failed 2 time/);
    expect(runCycle(deps)).toMatchObject({ queued: 0, blocked: 0 });

    expect(resumePlan(db, planId, clock.now())).toEqual({ ok: true });
    expect(runCycle(deps)).toMatchObject({ queued: 1 });
    expect(step('a')).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it('a paused plan queues nothing new but follows what is in flight', () => {
    runCycle(deps);
    expect(pausePlan(db, planId, clock.now())).toEqual({ ok: true });
    answer(db, step('b').promptId!, clock.now());
    expect(runCycle(deps)).toMatchObject({ done: 1, queued: 0 });
    expect(pausePlan(db, planId, clock.now())).toEqual({ ok: false, status: 'paused' });
  });
});
