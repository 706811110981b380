/**
 * The failure paths through the built daemon: a prompt that outlives its timeout goes to another
 * session; one that times out everywhere ends in lost_and_found with each attempt's reason; an
 * agent that dies mid-turn gives its prompt back, and the prompt completes elsewhere.
 */
import { afterEach, expect, it } from 'vitest';
import { getPrompt, listLostAndFound, promptHistory } from '@architect/db';
import { waitFor } from '../support/waitFor';
import { AssignerRig, type AssignerProcess } from './assignerRig';

let rig: AssignerRig | undefined;
let proc: AssignerProcess | undefined;
afterEach(async () => {
  await proc?.kill('SIGKILL');
  await rig?.dispose();
  rig = proc = undefined;
});

const actions = (id: number) => promptHistory(rig!.db, id).map((h) => `${h.action}${h.sessionName ? `@${h.sessionName}` : ''}`);

it('timeouts move a prompt to another session; after the last attempt it is lost and found with every reason', async () => {
  rig = new AssignerRig('fail-timeout');
  // SLOW turns outlast the 1 s timeout; BUSY keeps n1 occupied for a while.
  const script = { default: { workMs: 100, reply: 'ok' }, rules: [{ match: 'SLOW', workMs: 4000, reply: 'late' }, { match: 'BUSY', workMs: 2500, reply: 'busy done' }] };
  rig.writeConfig(
    [
      { name: 's1', provider: 'claude', specialties: ['slow', 'flaky'], command: rig.fake('claude', 's1', script) },
      { name: 's2', provider: 'codex', specialties: ['slow'], command: rig.fake('codex', 's2', script) },
      { name: 's3', provider: 'aider', specialties: ['slow'], command: rig.fake('aider', 's3', script) },
      { name: 'n1', provider: 'claude', specialties: ['flaky'], hooks: false, command: rig.fake('claude', 'n1', { default: { workMs: 100, reply: 'ok' }, rules: [{ match: 'BUSY', workMs: 2500, reply: 'busy done' }] }) },
    ],
    { assigner: { pollMs: 100, settleMs: 1000, retryDelayMs: 0 } },
  );
  rig.up();
  for (const s of ['s1', 's2', 's3', 'n1']) await rig.waitForRecord(s, `${s} started`, (e) => e.event === 'start');
  proc = rig.start();

  // 1. Goes to s1 (n1 is busy), times out there, completes on n1 once n1 is free.
  const busy = rig.enqueue({ content: 'BUSY for a while', targetSession: 'n1' });
  await waitFor('n1 busy', () => getPrompt(rig!.db, busy)?.status === 'in_progress');
  const flaky = rig.enqueue({ content: 'SLOW on s1, quick on n1', requiredSpecialty: 'flaky', timeoutSeconds: 1, timeoutMinutes: 1 });
  await waitFor('flaky completed', () => getPrompt(rig!.db, flaky)?.status === 'completed', { timeoutMs: 30_000 });
  expect(getPrompt(rig.db, flaky)).toMatchObject({ attempts: 2, assignedSession: 'n1', response: expect.stringContaining('ok') });
  expect(actions(flaky).filter((a) => /^(assigned|timeout|completed)/.test(a))).toEqual(['assigned@s1', 'timeout@s1', 'assigned@n1', 'completed@n1']);

  // 2. SLOW everywhere, once s1 has finished its late turn: three sessions, three timeouts.
  await rig.waitForRecord('s1', 's1 late turn over', (e) => e.event === 'turn-end');
  await waitFor('s1 idle', () => (rig!.db.sqlite.prepare("SELECT state FROM sessions WHERE name = 's1'").get() as { state: string }).state === 'idle');
  const doomed = rig.enqueue({ content: 'SLOW everywhere', requiredSpecialty: 'slow', timeoutSeconds: 1, timeoutMinutes: 1, maxAttempts: 3 });

  await waitFor('doomed failed', () => getPrompt(rig!.db, doomed)?.status === 'failed', { timeoutMs: 40_000 });
  const lost = listLostAndFound(rig.db).find((l) => l.promptId === doomed)!;
  expect(lost.attempts).toBe(3);
  expect(lost.reasons.map((r) => r.attempt)).toEqual([1, 2, 3]);
  expect(lost.reasons.every((r) => /^timeout: no result within 1 s/.test(r.reason))).toBe(true);
  // each attempt on a different session: a retry prefers one where it has not failed
  expect(new Set(lost.reasons.map((r) => r.session)).size).toBe(3);

  // counters agree with the history: one failed attempt per timeout, on the session it happened
  const row = (n: string) => rig!.db.sqlite.prepare('SELECT completed_count, failed_count FROM sessions WHERE name = ?').get(n) as { completed_count: number; failed_count: number };
  const failedOn = (n: string) => lost.reasons.filter((r) => r.session === n).length + (n === 's1' ? 1 : 0);
  for (const n of ['s1', 's2', 's3']) expect(row(n).failed_count).toBe(failedOn(n));
  expect(row('n1')).toEqual({ completed_count: 2, failed_count: 0 });

  // the late turns of the timed-out attempts completed nothing: each SLOW text reached s-sessions once
  const received = rig.received(['s1', 's2', 's3', 'n1']);
  expect(received.filter((r) => r.text === 'SLOW everywhere').map((r) => r.session).sort()).toEqual(['s1', 's2', 's3']);
  expect(rig.keysWhileBusy(['s1', 's2', 's3', 'n1'])).toEqual([]);
}, 120_000);

it('an agent that dies mid-turn gives its prompt back; it completes on another session', async () => {
  rig = new AssignerRig('fail-crash');
  rig.writeConfig(
    [
      { name: 'k1', provider: 'claude', specialties: ['x'], command: rig.fake('claude', 'k1', { default: { workMs: 100 }, rules: [{ match: 'CRASH', steps: [{ work: 300 }, { exit: 3 }] }] }) },
      { name: 'k2', provider: 'codex', specialties: ['x'], command: rig.fake('codex', 'k2', { default: { workMs: 100, reply: 'ok' }, rules: [{ match: 'BUSY', workMs: 2500, reply: 'busy done' }] }) },
    ],
    { assigner: { pollMs: 100, tmuxCheckMs: 200, retryDelayMs: 0 } },
  );
  rig.up();
  for (const s of ['k1', 'k2']) await rig.waitForRecord(s, `${s} started`, (e) => e.event === 'start');
  proc = rig.start();

  const busy = rig.enqueue({ content: 'BUSY first', targetSession: 'k2' });
  await waitFor('k2 busy', () => getPrompt(rig!.db, busy)?.status === 'in_progress');
  const id = rig.enqueue({ content: 'CRASH while working on this', requiredSpecialty: 'x' });
  await waitFor('completed elsewhere', () => getPrompt(rig!.db, id)?.status === 'completed', { timeoutMs: 30_000 });
  expect(getPrompt(rig.db, id)).toMatchObject({ attempts: 2, assignedSession: 'k2' });
  const history = promptHistory(rig.db, id);
  const gone = history.find((h) => h.action === 'session_gone')!;
  expect(gone).toMatchObject({ sessionName: 'k1', details: { attempt: 1 } });
  expect(rig.db.sqlite.prepare("SELECT state, failed_count, current_prompt_id FROM sessions WHERE name = 'k1'").get()).toMatchObject({
    failed_count: 1,
    current_prompt_id: null,
  });
  expect(rig.received(['k1', 'k2']).filter((r) => r.text.startsWith('CRASH')).map((r) => r.session)).toEqual(['k1', 'k2']);
}, 60_000);
