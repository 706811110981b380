/** `node apps/assigner/dist/main.js --once`: one pass — deliver what can go now, finish what is done, exit. */
import { spawnSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { getPrompt } from '@architect/db';
import { waitFor } from '../support/waitFor';
import { ASSIGNER, AssignerRig } from './assignerRig';

let rig: AssignerRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

it('--once delivers queued prompts and exits; a later pass completes them', async () => {
  rig = new AssignerRig('once');
  const script = { default: { workMs: 200, reply: 'done {n}' } };
  rig.writeConfig(
    [
      { name: 'o1', provider: 'claude', command: rig.fake('claude', 'o1', script) },
      { name: 'o2', provider: 'codex', command: rig.fake('codex', 'o2', script) },
    ],
    { assigner: { settleMs: 500 } },
  );
  rig.up();
  for (const s of ['o1', 'o2']) await rig.waitForRecord(s, `${s} started`, (e) => e.event === 'start');
  // Agents that started moments ago are left to draw first (AGENT_WARMUP_MS): a pass now would
  // give the prompts back. A crontab runs long after `sessions up`; so does this test.
  await new Promise((r) => setTimeout(r, 2200));
  const a = rig.enqueue({ content: 'first of two', targetSession: 'o1' });
  const b = rig.enqueue({ content: 'second of two', targetSession: 'o2' });
  const once = () => spawnSync(process.execPath, [ASSIGNER, '--once'], { env: { ...process.env, ...rig!.env, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 30_000 });

  const first = once();
  expect(first.status, first.stderr + first.stdout).toBe(0);
  expect([getPrompt(rig.db, a)!.status, getPrompt(rig.db, b)!.status].every((s) => s === 'in_progress' || s === 'completed')).toBe(true);
  await waitFor('both turns over', () => rig!.received(['o1', 'o2']).length === 2 && ['o1', 'o2'].every((s) => rig!.keysWhileBusy([s]).length === 0));
  await new Promise((r) => setTimeout(r, 800));

  const second = once();
  expect(second.status, second.stderr + second.stdout).toBe(0);
  expect(getPrompt(rig.db, a)).toMatchObject({ status: 'completed', response: 'done 1' });
  expect(getPrompt(rig.db, b)).toMatchObject({ status: 'completed' });
  expect(rig.received(['o1', 'o2']).map((r) => r.text).sort()).toEqual(['first of two', 'second of two']);
}, 60_000);
