import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  claimPrompt,
  completePrompt,
  createDb,
  getPlan,
  listPlanSteps,
  listPrompts,
  syncConfiguredProjects,
  syncConfiguredSessions,
  type Db,
} from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { addPlan, parsePlan } from '@architect/planning';
import { AppProcess } from './appProcess';

let db: TempDb | undefined;
const procs: AppProcess[] = [];
afterEach(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
  db?.dispose();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STEPS = 6;

/** Plays the assigner: every pending orchestrator prompt is answered by session w1. */
function answerPrompts(conn: Db): void {
  for (const p of listPrompts(conn, { status: 'pending' })) {
    if (p.source !== 'orchestrator') continue;
    const now = Date.now();
    if (claimPrompt(conn, { promptId: p.id, session: 'w1', now, lockTtlMs: 60_000 }).ok) completePrompt(conn, { promptId: p.id, session: 'w1', now, response: 'ok', via: 'test' });
  }
}

/**
 * The orchestrator daemon is SIGKILLed at random moments while a six-step plan runs (the real
 * task-worker runs the verify commands; one fails once). Every step's prompts equal its attempts:
 * no step was queued twice, none was lost, and the plan completes.
 */
it('no step queued twice across random SIGKILLs of the orchestrator', async () => {
  db = tempDb();
  const project = path.join(db.dir, 'proj');
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(db.dir, 'architect.config.json'),
    JSON.stringify({
      projects: [{ name: 'proj', path: project }],
      orchestrator: { pollMs: 100, heartbeatMs: 500 },
      taskWorker: { pollMs: 100, heartbeatMs: 500, backoffBaseMs: 0 },
    }),
  );
  const env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path, LOG_LEVEL: 'warn' };
  syncConfiguredProjects(db, [{ name: 'proj', path: project }], Date.now());
  syncConfiguredSessions(db, [{ name: 'w1', provider: 'claude', role: 'worker', specialties: [], cwd: project }], Date.now());
  const lines = ['# Chain', 'project: proj', '## Phase 1'];
  for (let i = 1; i <= STEPS; i++) {
    if (i === 4) lines.push('## Phase 2');
    lines.push(`- [ ] Step ${i} of the chain.`, `  id: s${i}`);
    if (i > 1) lines.push(`  after: s${i - 1}`);
    // Step 3's check fails on its first run and passes on the next.
    lines.push(i === 3 ? '  verify: test -f once || { touch once; echo first run fails; exit 1; }' : '  verify: true');
  }
  const planId = addPlan(db, parsePlan(lines.join('\n'), 'chain.md'), { source: null, defaultMaxAttempts: 3, now: Date.now() });

  procs.push(new AppProcess('task-worker', env));
  const check = createDb({ path: db.path });
  let kills = 0;
  const deadline = Date.now() + 90_000;
  try {
    let orchestrator = new AppProcess('orchestrator', env);
    procs.push(orchestrator);
    while (Date.now() < deadline && getPlan(check, planId)!.status !== 'completed') {
      answerPrompts(check);
      // Node starts in ~150 ms here: kills land before, during and after cycles.
      await pause(100 + Math.random() * 600);
      if (kills < 12) {
        await orchestrator.kill('SIGKILL');
        kills++;
        orchestrator = new AppProcess('orchestrator', env);
        procs.push(orchestrator);
      }
    }
    const steps = listPlanSteps(check, planId);
    expect(getPlan(check, planId)!.status, orchestrator.output).toBe('completed');
    const prompts = listPrompts(check, { limit: 1000 }).filter((p) => p.source === 'orchestrator');
    for (const s of steps) {
      const mine = prompts.filter((p) => p.content.startsWith(s.prompt));
      expect(mine.length, `step ${s.key}`).toBe(s.attempts);
    }
    expect(steps.map((s) => [s.key, s.status, s.attempts])).toEqual(
      Array.from({ length: STEPS }, (_, i) => [`s${i + 1}`, 'done', i === 2 ? 2 : 1]),
    );
    expect(prompts).toHaveLength(STEPS + 1);
    expect(kills).toBeGreaterThanOrEqual(5);
  } finally {
    check.close();
  }
}, 120_000);
