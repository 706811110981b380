/**
 * 100 prompts over 5 fake agents of mixed providers, through the built assigner daemon: every
 * prompt arrives exactly once, whole and byte for byte, in a session allowed to take it; every
 * one completes; the sessions' counters add up; no key reaches a busy agent; prompts whose files
 * overlap never run at the same time.
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

const SESSIONS = ['w1', 'w2', 'w3', 'w4', 'w5'];
const TEXTS = [
  'plain words',
  '-rf --force',
  `"double" and 'single' quotes, $(rm -rf ~) and \`backticks\` and $HOME`,
  'C-c Enter Escape C-m M-x',
  'a literal \\e[31m escape, \\x1b and \\n',
  'non-ASCII: café, 日本語, emoji 🚀, RTL שלום',
  'multi\nline\n\n  indented\tand tabbed',
  `long ${'x'.repeat(1500)} end`,
];

interface Spec {
  content: string;
  targetSession?: string;
  targetProvider?: string;
  requiredSpecialty?: string;
  source?: string;
  priority?: number;
  lockPaths?: string[];
}

function specs(): Spec[] {
  return Array.from({ length: 100 }, (_, i) => {
    const content = `#${i} ${TEXTS[i % TEXTS.length]}`;
    switch (i % 10) {
      case 1: return { content, targetSession: 'w2' };
      case 2: return { content, targetProvider: 'codex' };
      case 3: return { content, requiredSpecialty: 'docs' };
      case 4: return { content, source: 'session:w1' };
      case 5: return { content, priority: 5 };
      case 6: return { content, lockPaths: ['src/**'] };
      case 7: return { content, lockPaths: ['src/a.ts'] };
      default: return { content };
    }
  });
}

function allowed(s: Spec, session: string): boolean {
  const provider = { w1: 'claude', w2: 'claude', w3: 'claude', w4: 'codex', w5: 'aider' }[session];
  const specialties: Record<string, string[]> = { w1: ['backend'], w4: ['backend', 'docs'], w5: ['docs'] };
  if (s.targetSession && s.targetSession !== session) return false;
  if (s.targetProvider && s.targetProvider !== provider) return false;
  if (s.requiredSpecialty && !(specialties[session] ?? []).includes(s.requiredSpecialty)) return false;
  if (s.source === `session:${session}`) return false;
  return true;
}

it('delivers 100 prompts over 5 mixed agents exactly once, byte for byte, to allowed sessions', async () => {
  rig = new AssignerRig('fleet');
  const script = { default: { workMs: 150, reply: 'done {n}' } };
  rig.writeConfig(
    [
      { name: 'w1', provider: 'claude', specialties: ['backend'], command: rig.fake('claude', 'w1', script) },
      { name: 'w2', provider: 'claude', command: rig.fake('claude', 'w2', script, ['--layout', '1']) },
      { name: 'w3', provider: 'claude', hooks: false, command: rig.fake('claude', 'w3', script) },
      { name: 'w4', provider: 'codex', specialties: ['backend', 'docs'], command: rig.fake('codex', 'w4', script) },
      { name: 'w5', provider: 'aider', specialties: ['docs'], command: rig.fake('aider', 'w5', script) },
    ],
    { assigner: { pollMs: 250, settleMs: 1500, retryDelayMs: 200 } },
  );
  rig.up();
  for (const s of SESSIONS) await rig.waitForRecord(s, `${s} started`, (e) => e.event === 'start');
  proc = rig.start();

  const all = specs();
  const ids = all.map((s) => rig!.enqueue(s));
  const started = Date.now();
  await waitFor('all 100 completed', () => (rig!.counts().completed ?? 0) === 100, { timeoutMs: 150_000, intervalMs: 250 });
  const elapsed = Date.now() - started;

  // exactly once, byte for byte, where allowed
  const received = rig.received(SESSIONS);
  expect(received.map((r) => r.text).sort()).toEqual(all.map((s) => s.content).sort());
  for (const r of received) {
    const spec = all.find((s) => s.content === r.text)!;
    expect(allowed(spec, r.session), `#${r.text.slice(0, 4)} went to ${r.session}`).toBe(true);
    expect(r.queued).toBe(false);
  }
  expect(rig.keysWhileBusy(SESSIONS)).toEqual([]);

  // the database agrees with the agents
  const rows = rig.db.sqlite.prepare('SELECT id, assigned_session, attempts, response FROM prompts ORDER BY id').all() as { id: number; assigned_session: string; attempts: number; response: string | null }[];
  for (const [i, row] of rows.entries()) {
    expect(row.id).toBe(ids[i]);
    expect(received.find((r) => r.text === all[i]!.content)!.session).toBe(row.assigned_session);
    expect(row.attempts).toBe(1);
    expect(row.response).toBeTruthy();
  }
  const sessions = rig.db.sqlite.prepare('SELECT name, completed_count, failed_count, current_prompt_id FROM sessions').all() as { name: string; completed_count: number; failed_count: number; current_prompt_id: number | null }[];
  expect(sessions.reduce((n, s) => n + s.completed_count, 0)).toBe(100);
  for (const s of sessions) {
    expect(s.completed_count).toBe(received.filter((r) => r.session === s.name).length);
    expect(s.failed_count).toBe(0);
    expect(s.current_prompt_id).toBeNull();
  }

  // overlapping locks never held at once: those prompts ran one after another
  const locked = rig.db.sqlite
    .prepare("SELECT assigned_at, completed_at FROM prompts WHERE lock_paths != '[]' ORDER BY assigned_at")
    .all() as { assigned_at: number; completed_at: number }[];
  expect(locked).toHaveLength(20);
  for (let i = 1; i < locked.length; i++) expect(locked[i]!.assigned_at).toBeGreaterThanOrEqual(locked[i - 1]!.completed_at);
  expect(rig.db.sqlite.prepare('SELECT count(*) AS n FROM file_locks').get()).toEqual({ n: 0 });

  await proc.ready();
  const { code } = await proc.kill('SIGINT');
  expect(code).toBe(0);
  expect(proc.problems()).toEqual([]);
  console.log(`fleet: 100 prompts in ${elapsed} ms`);
}, 200_000);
