import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../testing';
import { enqueuePrompt, getPrompt, pendingPrompts, promptHistory } from './prompts';
import { cancelPrompt, claimPrompt, completePrompt, failAttempt, markSubmitted, releasePrompt, retryPrompt, setDelivery } from './promptTransitions';
import { listLostAndFound, failedSessionsByPrompt } from './lostAndFound';
import { activeLocks } from './locks';
import { pendingAlerts } from './alerts';

let db: TempDb;
const T0 = 1_800_000_000_000;
const TTL = 60_000;

function addSession(name: string, provider = 'claude'): void {
  db.sqlite.prepare("INSERT INTO sessions (name, provider, state) VALUES (?, ?, 'idle')").run(name, provider);
}
function session(name: string) {
  return db.sqlite.prepare('SELECT * FROM sessions WHERE name = ?').get(name) as {
    current_prompt_id: number | null;
    completed_count: number;
    failed_count: number;
    success_rate: number;
    avg_completion_ms: number;
    total_completion_ms: number;
  };
}
const actions = (id: number) => promptHistory(db, id).map((h) => h.action);

beforeEach(() => {
  db = tempDb();
  addSession('w1');
  addSession('w2');
  addSession('w3');
});
afterEach(() => db.dispose());

describe('queue order', () => {
  it('serves priority first, then age', () => {
    const a = enqueuePrompt(db, { content: 'a' }, T0);
    const b = enqueuePrompt(db, { content: 'b', priority: 5 }, T0 + 1);
    const c = enqueuePrompt(db, { content: 'c' }, T0 + 2);
    const d = enqueuePrompt(db, { content: 'd', priority: -3 }, T0 - 5);
    expect(pendingPrompts(db, T0 + 10).map((p) => p.id)).toEqual([b, a, c, d]);
    expect(actions(a)).toEqual(['queued']);
  });

  it('stores the text byte for byte', () => {
    const text = '-rf $(rm -rf ~) "quoted" \'single\' C-c Enter\n\tline two ✓ 日本語 \\e[31m';
    const id = enqueuePrompt(db, { content: text }, T0);
    expect(getPrompt(db, id)!.content).toBe(text);
  });
});

describe('claim', () => {
  it('is a compare-and-swap: one prompt to one session, one session one prompt', () => {
    const p1 = enqueuePrompt(db, { content: 'one' }, T0);
    const p2 = enqueuePrompt(db, { content: 'two' }, T0);
    const first = claimPrompt(db, { promptId: p1, session: 'w1', now: T0, lockTtlMs: TTL });
    expect(first.ok).toBe(true);
    expect(claimPrompt(db, { promptId: p1, session: 'w2', now: T0, lockTtlMs: TTL })).toEqual({ ok: false, reason: 'prompt_taken' });
    expect(claimPrompt(db, { promptId: p2, session: 'w1', now: T0, lockTtlMs: TTL })).toEqual({ ok: false, reason: 'session_unavailable' });
    const p = getPrompt(db, p1)!;
    expect(p).toMatchObject({ status: 'assigned', assignedSession: 'w1', attempts: 1, assignedAt: T0 });
    expect(session('w1').current_prompt_id).toBe(p1);
    expect(actions(p1)).toEqual(['queued', 'assigned']);
  });

  it('never claims for a gone or unmanaged session', () => {
    db.sqlite.prepare("UPDATE sessions SET state = 'gone' WHERE name = 'w1'").run();
    db.sqlite.prepare("UPDATE sessions SET managed = 0 WHERE name = 'w2'").run();
    const p = enqueuePrompt(db, { content: 'x' }, T0);
    expect(claimPrompt(db, { promptId: p, session: 'w1', now: T0, lockTtlMs: TTL }).ok).toBe(false);
    expect(claimPrompt(db, { promptId: p, session: 'w2', now: T0, lockTtlMs: TTL }).ok).toBe(false);
    expect(claimPrompt(db, { promptId: p, session: 'nope', now: T0, lockTtlMs: TTL }).ok).toBe(false);
    expect(getPrompt(db, p)!.status).toBe('pending');
  });
});

describe('file locks', () => {
  it('are taken all or nothing; a prompt whose files another session holds waits', () => {
    const a = enqueuePrompt(db, { content: 'a', lockPaths: ['src/**', 'README.md'] }, T0);
    const b = enqueuePrompt(db, { content: 'b', lockPaths: ['docs/x.md', 'src/a.ts'] }, T0);
    const c = enqueuePrompt(db, { content: 'c', lockPaths: ['docs/x.md'] }, T0);
    expect(claimPrompt(db, { promptId: a, session: 'w1', now: T0, lockTtlMs: TTL }).ok).toBe(true);
    const blocked = claimPrompt(db, { promptId: b, session: 'w2', now: T0, lockTtlMs: TTL });
    expect(blocked).toMatchObject({ ok: false, reason: 'locked', conflict: { path: 'src/a.ts', heldPath: 'src/**', heldBy: 'w1' } });
    // nothing of b was locked (docs/x.md stays free for c)
    expect(activeLocks(db, T0).map((l) => l.path).sort()).toEqual(['README.md', 'src/**']);
    expect(getPrompt(db, b)!.status).toBe('pending');
    expect(claimPrompt(db, { promptId: c, session: 'w2', now: T0, lockTtlMs: TTL }).ok).toBe(true);
    // a ends: its locks go in the same transaction, and b can go
    expect(completePrompt(db, { promptId: a, session: 'w1', now: T0 + 5, response: 'ok', via: 'test' })).toBe(true);
    expect(activeLocks(db, T0 + 5).map((l) => l.path)).toEqual(['docs/x.md']);
    expect(completePrompt(db, { promptId: c, session: 'w2', now: T0 + 6, response: 'ok', via: 'test' })).toBe(true);
    expect(claimPrompt(db, { promptId: b, session: 'w3', now: T0 + 7, lockTtlMs: TTL }).ok).toBe(true);
  });

  it('expire when their holder stops refreshing them', () => {
    const a = enqueuePrompt(db, { content: 'a', lockPaths: ['src/a.ts'] }, T0);
    const b = enqueuePrompt(db, { content: 'b', lockPaths: ['src/a.ts'] }, T0);
    expect(claimPrompt(db, { promptId: a, session: 'w1', now: T0, lockTtlMs: TTL }).ok).toBe(true);
    expect(claimPrompt(db, { promptId: b, session: 'w2', now: T0 + TTL - 1, lockTtlMs: TTL }).ok).toBe(false);
    expect(claimPrompt(db, { promptId: b, session: 'w2', now: T0 + TTL, lockTtlMs: TTL }).ok).toBe(true);
  });
});

describe('completion', () => {
  it('moves counters in the same transaction as the final state', () => {
    const p = enqueuePrompt(db, { content: 'x' }, T0);
    claimPrompt(db, { promptId: p, session: 'w1', now: T0, lockTtlMs: TTL });
    expect(setDelivery(db, { promptId: p, session: 'w1', from: null, to: 'typing', now: T0 + 1 })).toBe(true);
    expect(setDelivery(db, { promptId: p, session: 'w1', from: null, to: 'typed', now: T0 + 1 })).toBe(false); // CAS on the step
    expect(setDelivery(db, { promptId: p, session: 'w1', from: 'typing', to: 'typed', now: T0 + 2 })).toBe(true);
    expect(markSubmitted(db, { promptId: p, session: 'w1', now: T0 + 3, via: 'screen' })).toBe(true);
    expect(getPrompt(db, p)).toMatchObject({ status: 'in_progress', delivery: 'submitted', startedAt: T0 + 3 });
    expect(completePrompt(db, { promptId: p, session: 'w2', now: T0 + 400, response: 'x', via: 'hook' })).toBe(false);
    expect(completePrompt(db, { promptId: p, session: 'w1', now: T0 + 400, response: 'the answer', via: 'hook' })).toBe(true);
    expect(completePrompt(db, { promptId: p, session: 'w1', now: T0 + 500, response: 'again', via: 'hook' })).toBe(false);
    expect(getPrompt(db, p)).toMatchObject({ status: 'completed', response: 'the answer', completedAt: T0 + 400 });
    expect(session('w1')).toMatchObject({ current_prompt_id: null, completed_count: 1, failed_count: 0, success_rate: 1, avg_completion_ms: 400, total_completion_ms: 400 });
    expect(actions(p)).toEqual(['queued', 'assigned', 'typing', 'typed', 'submitted', 'completed']);
  });

  it('averages completion time over every completed prompt', () => {
    for (const [i, ms] of [100, 300].entries()) {
      const p = enqueuePrompt(db, { content: `p${i}` }, T0);
      claimPrompt(db, { promptId: p, session: 'w1', now: T0, lockTtlMs: TTL });
      completePrompt(db, { promptId: p, session: 'w1', now: T0 + ms, response: null, via: 'screen' });
    }
    expect(session('w1')).toMatchObject({ completed_count: 2, avg_completion_ms: 200, total_completion_ms: 400 });
  });
});

describe('failed attempts', () => {
  it('go back to pending with the attempt counted, then to lost_and_found with every reason', () => {
    const p = enqueuePrompt(db, { content: 'hard', maxAttempts: 3, lockPaths: ['a.txt'] }, T0);
    const sessions = ['w1', 'w2', 'w3'];
    const reasons = ['timeout', 'session_gone', 'timeout'] as const;
    for (const [i, s] of sessions.entries()) {
      expect(claimPrompt(db, { promptId: p, session: s, now: T0 + i * 10, lockTtlMs: TTL }).ok).toBe(true);
      const outcome = failAttempt(db, { promptId: p, session: s, now: T0 + i * 10 + 5, action: reasons[i]!, reason: `r${i + 1}` });
      expect(outcome).toBe(i < 2 ? 'requeued' : 'failed');
      expect(session(s)).toMatchObject({ current_prompt_id: null, failed_count: 1, success_rate: 0 });
      expect(activeLocks(db, T0)).toEqual([]);
      if (i < 2) expect(getPrompt(db, p)).toMatchObject({ status: 'pending', attempts: i + 1, assignedSession: null, error: `r${i + 1}` });
    }
    expect(getPrompt(db, p)).toMatchObject({ status: 'failed', attempts: 3, error: 'r3' });
    const [lost] = listLostAndFound(db);
    expect(lost).toMatchObject({ promptId: p, content: 'hard', attempts: 3 });
    expect(lost!.reasons).toEqual([
      { attempt: 1, session: 'w1', reason: 'timeout: r1', at: T0 + 5 },
      { attempt: 2, session: 'w2', reason: 'session_gone: r2', at: T0 + 15 },
      { attempt: 3, session: 'w3', reason: 'timeout: r3', at: T0 + 25 },
    ]);
    expect(failedSessionsByPrompt(db, [p]).get(p)).toEqual(['w1', 'w2', 'w3']);
    // The move to lost and found raised one alert, in the same transaction, and only at the end.
    expect(pendingAlerts(db).map((a) => ({ kind: a.kind, session: a.sessionName, key: a.details?.key }))).toEqual([
      { kind: 'prompt_lost', session: 'w3', key: `prompt:${p}` },
    ]);
    expect(actions(p)).toEqual(['queued', 'assigned', 'timeout', 'requeued', 'assigned', 'session_gone', 'requeued', 'assigned', 'timeout', 'failed']);
  });

  it('respect the retry delay', () => {
    const p = enqueuePrompt(db, { content: 'x' }, T0);
    claimPrompt(db, { promptId: p, session: 'w1', now: T0, lockTtlMs: TTL });
    failAttempt(db, { promptId: p, session: 'w1', now: T0 + 1, action: 'timeout', reason: 'slow', retryDelayMs: 1000 });
    expect(pendingPrompts(db, T0 + 500)).toEqual([]);
    expect(pendingPrompts(db, T0 + 1001).map((r) => r.id)).toEqual([p]);
  });

  it('a release before anything reached the agent does not count', () => {
    const p = enqueuePrompt(db, { content: 'x' }, T0);
    claimPrompt(db, { promptId: p, session: 'w1', now: T0, lockTtlMs: TTL });
    setDelivery(db, { promptId: p, session: 'w1', from: null, to: 'typing', now: T0 });
    setDelivery(db, { promptId: p, session: 'w1', from: 'typing', to: 'typed', now: T0 });
    // once typed, only the caller that knows better may release
    expect(releasePrompt(db, { promptId: p, session: 'w1', now: T0, reason: 'busy', allowed: [null, 'typing'] })).toBe(false);
    expect(releasePrompt(db, { promptId: p, session: 'w1', now: T0, reason: 'never submitted', allowed: ['typed'] })).toBe(true);
    expect(getPrompt(db, p)).toMatchObject({ status: 'pending', attempts: 0, delivery: null });
    expect(session('w1')).toMatchObject({ current_prompt_id: null, failed_count: 0 });
  });
});

describe('cancel and retry', () => {
  it('cancel frees the session and the locks; retry brings a failed prompt back with fresh attempts', () => {
    const p = enqueuePrompt(db, { content: 'x', maxAttempts: 1, lockPaths: ['a'] }, T0);
    claimPrompt(db, { promptId: p, session: 'w1', now: T0, lockTtlMs: TTL });
    expect(cancelPrompt(db, p, T0 + 1)).toEqual({ ok: true, previous: 'assigned', session: 'w1' });
    expect(session('w1').current_prompt_id).toBeNull();
    expect(activeLocks(db, T0)).toEqual([]);
    expect(cancelPrompt(db, p, T0 + 2)).toEqual({ ok: false, status: 'cancelled' });
    expect(cancelPrompt(db, 9999, T0 + 2)).toEqual({ ok: false, status: null });
    expect(retryPrompt(db, p, T0 + 3)).toEqual({ ok: true });
    expect(getPrompt(db, p)).toMatchObject({ status: 'pending', attempts: 0 });
    claimPrompt(db, { promptId: p, session: 'w2', now: T0 + 4, lockTtlMs: TTL });
    expect(failAttempt(db, { promptId: p, session: 'w2', now: T0 + 5, action: 'timeout', reason: 'slow' })).toBe('failed');
    expect(listLostAndFound(db)).toHaveLength(1);
    expect(retryPrompt(db, p, T0 + 6)).toEqual({ ok: true });
    expect(listLostAndFound(db)).toHaveLength(0);
    expect(retryPrompt(db, p, T0 + 7)).toEqual({ ok: false, status: 'pending' });
  });
});

describe('counters agree with history', () => {
  it('after a mixed run, every session counter equals its history rows', () => {
    let t = T0;
    for (let i = 0; i < 30; i++) {
      const p = enqueuePrompt(db, { content: `p${i}`, maxAttempts: 2 }, t++);
      const s = `w${(i % 3) + 1}`;
      claimPrompt(db, { promptId: p, session: s, now: t++, lockTtlMs: TTL });
      if (i % 4 === 0) failAttempt(db, { promptId: p, session: s, now: t++, action: 'timeout', reason: 'slow' });
      else completePrompt(db, { promptId: p, session: s, now: t++, response: 'ok', via: 'test' });
    }
    const rows = db.sqlite
      .prepare(
        `SELECT s.name, s.completed_count, s.failed_count,
           (SELECT count(*) FROM assignment_history h WHERE h.session_name = s.name AND h.action = 'completed') AS hc,
           (SELECT count(*) FROM assignment_history h WHERE h.session_name = s.name AND h.action IN ('timeout','session_gone','delivery_failed','agent_error')) AS hf
         FROM sessions s`,
      )
      .all() as { completed_count: number; failed_count: number; hc: number; hf: number }[];
    for (const r of rows) {
      expect(r.completed_count).toBe(r.hc);
      expect(r.failed_count).toBe(r.hf);
    }
    expect(rows.reduce((n, r) => n + r.completed_count, 0)).toBe(22);
  });
});
