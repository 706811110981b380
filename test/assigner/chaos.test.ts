/**
 * Chaos: the assigner daemon is SIGKILLed at random moments while it works through 200 prompts,
 * and restarted each time. Afterwards every prompt has completed, each text reached exactly one
 * agent exactly once (the fakes' record files), nothing was typed into a busy agent, the
 * counters add up, and the database passes integrity_check after every kill.
 */
import { afterEach, expect, it } from 'vitest';
import { waitFor } from '../support/waitFor';
import { AssignerRig, type AssignerProcess } from './assignerRig';

let rig: AssignerRig | undefined;
let proc: AssignerProcess | undefined;
afterEach(async () => {
  await proc?.kill('SIGKILL');
  await rig?.dispose();
  rig = proc = undefined;
});

const SESSIONS = ['c1', 'c2', 'c3', 'x1', 'a1'];
const TOTAL = Number(process.env.CHAOS_TOTAL ?? 200);

/** mulberry32: a seeded PRNG, so a failing run can be replayed with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it('survives SIGKILL at random moments: none lost, none delivered twice, integrity ok', async () => {
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
  const random = prng(seed);
  console.log(`chaos seed ${seed} (replay with CHAOS_SEED=${seed})`);
  rig = new AssignerRig('chaos');
  const script = { default: { workMs: 60, reply: 'ok {n}' } };
  rig.writeConfig(
    [
      { name: 'c1', provider: 'claude', command: rig.fake('claude', 'c1', script) },
      { name: 'c2', provider: 'claude', command: rig.fake('claude', 'c2', script, ['--layout', '1']) },
      { name: 'c3', provider: 'claude', hooks: false, command: rig.fake('claude', 'c3', script) },
      { name: 'x1', provider: 'codex', command: rig.fake('codex', 'x1', script) },
      { name: 'a1', provider: 'aider', command: rig.fake('aider', 'a1', script) },
    ],
    { assigner: { pollMs: 200, settleMs: 1000, retryDelayMs: 0, tmuxCheckMs: 500 } },
  );
  rig.up();
  for (const s of SESSIONS) await rig.waitForRecord(s, `${s} started`, (e) => e.event === 'start');

  const texts = Array.from({ length: TOTAL }, (_, i) => (i % 7 === 3 ? `chaos #${i}\nsecond line\n  third` : `chaos #${i} -- $(x) "q" ✓`));
  for (const content of texts) rig.enqueue({ content, timeoutMinutes: 5 });

  let kills = 0;
  const deadline = Date.now() + 170_000;
  while ((rig.counts().completed ?? 0) < TOTAL && Date.now() < deadline) {
    if (process.env.CHAOS_VERBOSE) console.log(`kill ${kills}: ${JSON.stringify(rig.counts())}`);
    proc = rig.start();
    await new Promise((r) => setTimeout(r, 300 + random() * 1700));
    await proc.kill('SIGKILL');
    kills++;
    expect(rig.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    await new Promise((r) => setTimeout(r, random() * 200));
  }
  // A last clean run finishes whatever the final kill left in flight.
  proc = rig.start();
  try {
    await waitFor(`all ${TOTAL} completed`, () => (rig!.counts().completed ?? 0) === TOTAL, { timeoutMs: 60_000, intervalMs: 250 });
  } catch (err) {
    console.log(diagnose(rig, proc));
    throw err;
  }
  console.log(`chaos: ${kills} kills`);
  await proc.ready();
  const { code } = await proc.kill('SIGINT');
  expect(code).toBe(0);
  expect(kills).toBeGreaterThan(10);

  expect(rig.counts()).toEqual({ completed: TOTAL });
  const received = rig.received(SESSIONS);
  const dupes = received.filter((r, i) => received.findIndex((x) => x.text === r.text) !== i);
  expect(dupes).toEqual([]);
  const missing = texts.filter((t) => !received.some((r) => r.text === t));
  if (missing.length) {
    const history = missing.map((t) =>
      rig!.db.sqlite
        .prepare('SELECT h.action, h.session_name, h.details, h.created_at FROM assignment_history h JOIN prompts p ON p.id = h.prompt_id WHERE p.content = ? ORDER BY h.id')
        .all(t),
    );
    console.log(JSON.stringify({ missing, history }, null, 1));
  }
  expect(missing).toEqual([]);
  expect(received.map((r) => r.text).sort()).toEqual([...texts].sort());
  expect(received.filter((r) => r.queued)).toEqual([]);
  expect(rig.keysWhileBusy(SESSIONS)).toEqual([]);

  const rows = rig.db.sqlite.prepare('SELECT content, assigned_session FROM prompts').all() as { content: string; assigned_session: string }[];
  for (const row of rows) expect(received.find((r) => r.text === row.content)!.session).toBe(row.assigned_session);
  const total = rig.db.sqlite.prepare('SELECT sum(completed_count) AS n FROM sessions').get() as { n: number };
  expect(total.n).toBe(TOTAL);
  expect(rig.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
}, 280_000);

function diagnose(r: AssignerRig, p: AssignerProcess): string {
  const stuck = r.db.sqlite.prepare("SELECT id, status, delivery, assigned_session, attempts FROM prompts WHERE status != 'completed' LIMIT 10").all() as { id: number }[];
  const history = stuck.map((x) => r.db.sqlite.prepare('SELECT action, session_name, details FROM assignment_history WHERE prompt_id = ? ORDER BY id').all(x.id));
  const sessions = r.db.sqlite.prepare('SELECT name, state, state_source, screen_state, current_prompt_id, completed_count FROM sessions').all();
  return JSON.stringify({ counts: r.counts(), stuck, history, sessions, log: p.output.split('\n').slice(-30) }, null, 1);
}
