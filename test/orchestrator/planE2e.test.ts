/**
 * End to end, every part real but the agent: a fake Claude in a private tmux server, the built
 * assigner, task-worker and orchestrator daemons, and `architect plans add`. A three-step plan
 * (c after a and b) whose first check fails once: a is re-queued with the failure output in its
 * prompt, passes, then c runs, and the plan completes — every step done only when its check said so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { getPlan, listPlanSteps } from '@architect/db';
import { waitFor } from '../support/waitFor';
import { AssignerRig, type AssignerProcess } from '../assigner/assignerRig';
import { AppProcess } from './appProcess';

let rig: AssignerRig | undefined;
const procs: (AppProcess | AssignerProcess)[] = [];
afterEach(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
  procs.length = 0;
  await rig?.dispose();
  rig = undefined;
});

it('a plan runs through a fake agent; a failed verify re-queues its step with the output; the plan completes', async () => {
  rig = new AssignerRig('plan');
  rig.writeConfig([{ name: 'w1', provider: 'claude', command: rig.fake('claude', 'w1', { default: { workMs: 100, reply: 'done {n}' } }) }], {
    projects: [{ name: 'proj', path: rig.work }],
    assigner: { pollMs: 250, settleMs: 1500, retryDelayMs: 200 },
    orchestrator: { pollMs: 200 },
    taskWorker: { pollMs: 200, heartbeatMs: 1000 },
  });
  rig.up();
  await rig.waitForRecord('w1', 'w1 started', (e) => e.event === 'start');
  procs.push(rig.start(), new AppProcess('task-worker', rig.env), new AppProcess('orchestrator', rig.env));

  const file = path.join(rig.home, 'plan.md');
  fs.writeFileSync(
    file,
    [
      '# Three steps',
      'project: proj',
      '## Build',
      '- [ ] Write module A.',
      '  id: a',
      '  verify: test -f once || { touch once; echo "A is not there yet"; exit 1; }',
      '- [ ] Write module B.',
      '  id: b',
      '  verify: true',
      '## Ship',
      '- [ ] Wire A and B together.',
      '  id: c',
      '  after: a, b',
      '  verify: test -f once',
    ].join('\n'),
  );
  const added = rig.cli(['plans', 'add', '--file', file, '--json']);
  expect(added.stderr).toBe('');
  const planId = (JSON.parse(added.stdout) as { id: number }).id;

  await waitFor('plan completed', () => getPlan(rig!.db, planId)!.status === 'completed', { timeoutMs: 120_000, intervalMs: 250 });

  const steps = listPlanSteps(rig.db, planId);
  expect(steps.map((s) => [s.key, s.status, s.attempts])).toEqual([
    ['a', 'done', 2],
    ['b', 'done', 1],
    ['c', 'done', 1],
  ]);
  // What the agent was sent: a twice (the second with the failure), b once, c once and last.
  const texts = rig.received(['w1']).map((r) => r.text);
  expect(texts).toHaveLength(4);
  expect(texts.filter((t) => t.startsWith('Write module A.'))).toHaveLength(2);
  const retry = texts.find((t) => t.startsWith('Write module A.') && t.includes('did not pass'))!;
  expect(retry).toContain('exited with code 1');
  expect(retry).toContain('A is not there yet');
  expect(texts[3]).toBe('Wire A and B together.');
  // Each done step's verify task really ran in the project folder and exited 0.
  const verifyExit = rig.db.sqlite.prepare('SELECT status, exit_code FROM tasks WHERE id = ?');
  for (const s of steps) expect(verifyExit.get(s.verifyTaskId)).toEqual({ status: 'done', exit_code: 0 });
  expect(fs.existsSync(path.join(rig.work, 'once'))).toBe(true);
}, 180_000);
