/**
 * The built assigner against today's Claude Code screens (the fake in its 2.1.2xx layout, in real
 * tmux): an example prompt after `❯` and a no-break space in the empty composer, a spinner without
 * "esc to interrupt" (the hint sits in the footer), and a task panel pinned to the bottom of a tall
 * pane. Prompts must be typed once, whole, only into an idle agent, and complete — by the hooks,
 * and by the screen alone for a session without hooks.
 */
import { afterEach, expect, it } from 'vitest';
import { getPrompt } from '@architect/db';
import { waitFor } from '../support/waitFor';
import { AssignerRig, type AssignerProcess } from './assignerRig';

let rig: AssignerRig | undefined;
let proc: AssignerProcess | undefined;
afterEach(async () => {
  await proc?.kill('SIGKILL');
  await rig?.dispose();
  rig = proc = undefined;
});

it('delivers and completes prompts on 2.1.2xx screens, with and without hooks', async () => {
  rig = new AssignerRig('claude212');
  const script = { default: { workMs: 1200, reply: 'done {n}' } };
  const args = ['--layout', '2.1', '--task-panel'];
  rig.writeConfig(
    [
      { name: 'h21', provider: 'claude', command: rig.fake('claude', 'h21', script, args) },
      { name: 's21', provider: 'claude', hooks: false, command: rig.fake('claude', 's21', script, args) },
    ],
    { assigner: { pollMs: 250, settleMs: 1500, retryDelayMs: 200 } },
  );
  rig.up();
  for (const s of ['h21', 's21']) await rig.waitForRecord(s, `${s} started`, (e) => e.event === 'start');
  proc = rig.start();

  const texts = ['first: check the invoices', 'second: multi\nline prompt', 'third: done'];
  const ids = texts.flatMap((content) => ['h21', 's21'].map((targetSession) => rig!.enqueue({ content: `${targetSession} ${content}`, targetSession })));
  await waitFor('all completed', () => (rig!.counts().completed ?? 0) === ids.length, { timeoutMs: 90_000, intervalMs: 250 });

  const received = rig.received(['h21', 's21']);
  expect(received.map((r) => r.text).sort()).toEqual(ids.map((id) => getPrompt(rig!.db, id)!.content).sort());
  for (const r of received) expect(r.text.startsWith(r.session)).toBe(true);
  expect(rig.keysWhileBusy(['h21', 's21'])).toEqual([]);
  for (const id of ids) expect(getPrompt(rig.db, id)).toMatchObject({ status: 'completed', attempts: 1, response: expect.stringMatching(/done \d/) });
});
