import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orchestratorSchema } from '@architect/core';
import { addHistory, decideSuggestion, enqueuePrompt, insertAlertTx, listSuggestions, syncConfiguredSessions } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { initPolicy } from '@architect/policy';
import { policyRuleJudge } from './escalationRule';
import { commandPattern, runSuggestions } from './suggestions';

describe('suggestions', () => {
  let db: TempDb;
  const now = Date.UTC(2026, 11, 3);
  const config = orchestratorSchema.parse({});

  beforeEach(() => {
    db = tempDb();
    syncConfiguredSessions(
      db,
      ['w1', 'w2'].map((name) => ({ name, provider: 'claude', role: 'worker', specialties: [], cwd: '/tmp' })),
      now,
    );
    // Seeded history: w1 fails 4 of 10, w2 1 of 10.
    db.sqlite.prepare("UPDATE sessions SET completed_count = 6, failed_count = 4 WHERE name = 'w1'").run();
    db.sqlite.prepare("UPDATE sessions SET completed_count = 9, failed_count = 1 WHERE name = 'w2'").run();
    for (let i = 0; i < 3; i++) insertAlertTx(db, { kind: 'session_stuck', session: 'w2', message: 'stuck', now: now - 1000 * i });
    insertAlertTx(db, { kind: 'session_exited', session: 'w1', message: 'exited', now });
    const ins = db.sqlite.prepare("INSERT INTO interactions (session_name, kind, tool, command, outcome, created_at) VALUES (?, 'permission', 'Bash', ?, 'escalate', ?)");
    for (const c of ['git push origin main', 'git push -f', 'git push']) ins.run('w1', c, now - 5000);
    ins.run('w2', 'rm -rf build', now);
    const p = enqueuePrompt(db, { content: 'long job' }, now);
    for (let i = 0; i < 2; i++) addHistory(db, p, 'w1', 'timeout', { attempt: i + 1 }, now - 100);
    const lost = enqueuePrompt(db, { content: 'lost job' }, now);
    db.sqlite.prepare("INSERT INTO lost_and_found (prompt_id, content, attempts, reasons, created_at) VALUES (?, 'lost job', 3, '[]', ?)").run(lost, now);
    // Old history outside the window is ignored.
    for (let i = 0; i < 5; i++) insertAlertTx(db, { kind: 'session_stuck', session: 'w1', message: 'old', now: now - 30 * 86_400_000 });
  });
  afterEach(() => db.dispose());

  it('turns seeded recurring problems into suggestions with evidence, once', () => {
    expect(runSuggestions(db, config, now)).toEqual({ found: 5, created: 5, refreshed: 0 });
    const rows = listSuggestions(db);
    expect(rows.map((r) => r.fingerprint).sort()).toEqual([
      'lost_prompt:2',
      'prompt_timeouts:1',
      'repeated_escalation:Bash(git push)',
      'session_failure_rate:w1',
      'session_unstable:w2:session_stuck',
    ]);
    expect(rows.find((r) => r.kind === 'session_failure_rate')!.evidence).toEqual({ session: 'w1', completed: 6, failed: 4, rate: 0.4 });
    expect(rows.find((r) => r.kind === 'repeated_escalation')!.evidence).toMatchObject({ count: 3, sessions: ['w1'], interactionIds: [1, 2, 3] });
    expect(rows.find((r) => r.kind === 'session_unstable')!.evidence).toMatchObject({ count: 3 });

    // The next cycle finds the same problems and adds nothing.
    expect(runSuggestions(db, config, now + 60_000)).toEqual({ found: 5, created: 0, refreshed: 0 });
    expect(listSuggestions(db)).toHaveLength(5);

    // New evidence refreshes the open row; a dismissed one stays dismissed.
    const failure = rows.find((r) => r.kind === 'session_failure_rate')!;
    const lost = rows.find((r) => r.kind === 'lost_prompt')!;
    expect(decideSuggestion(db, lost.id, 'dismissed', now)).toBe(true);
    expect(decideSuggestion(db, lost.id, 'accepted', now)).toBe(false);
    db.sqlite.prepare("UPDATE sessions SET failed_count = 5 WHERE name = 'w1'").run();
    expect(runSuggestions(db, config, now + 120_000)).toEqual({ found: 5, created: 0, refreshed: 1 });
    expect(listSuggestions(db).find((r) => r.id === failure.id)!.evidence).toMatchObject({ failed: 5 });
    expect(listSuggestions(db).find((r) => r.id === lost.id)!.status).toBe('dismissed');
  });

  it('flags a session whose prompts keep running close to their timeout', () => {
    const done = db.sqlite.prepare("UPDATE prompts SET status = 'completed', assigned_session = 'w2', assigned_at = ?, completed_at = ? WHERE id = ?");
    for (let i = 0; i < 3; i++) done.run(now - 29 * 60_000, now, enqueuePrompt(db, { content: `slow ${i}` }, now - 30 * 60_000));
    done.run(now - 60_000, now, enqueuePrompt(db, { content: 'quick' }, now));
    runSuggestions(db, config, now);
    expect(listSuggestions(db).find((r) => r.kind === 'slow_prompts')!.evidence).toEqual({ session: 'w2', count: 3, promptIds: [3, 4, 5] });
  });

  it('groups commands by their first two words', () => {
    expect(commandPattern('Bash', '  git   push origin')).toBe('Bash(git push)');
    expect(commandPattern(null, null)).toBe('unknown(*)');
  });
});

describe('allow rules for repeated escalations', () => {
  let db: TempDb;
  const now = Date.UTC(2026, 11, 3);
  const config = orchestratorSchema.parse({});
  beforeAll(() => initPolicy());
  beforeEach(() => {
    db = tempDb();
    syncConfiguredSessions(db, [{ name: 'w1', provider: 'claude', role: 'worker', specialties: [], cwd: '/srv/app' }], now);
  });
  afterEach(() => db.dispose());

  const escalate = (command: string, times = 3) => {
    const ins = db.sqlite.prepare("INSERT INTO interactions (session_name, kind, tool, command, outcome, created_at) VALUES ('w1', 'permission', 'bash', ?, 'escalate', ?)");
    for (let i = 0; i < times; i++) ins.run(command, now);
  };

  it('suggests a rule only when the policy with it would approve every escalated command', () => {
    escalate('npm test -- --watch=false');
    escalate('rm -rf /');
    const judge = policyRuleJudge({ allow: [], ask: [], deny: [] }, '/home/me');
    runSuggestions(db, config, now, judge);
    const rows = listSuggestions(db).filter((s) => s.kind === 'repeated_escalation');
    const npm = rows.find((r) => r.evidence.pattern === 'bash(npm test)')!;
    expect(npm.evidence.suggestedRule).toBe('Bash(npm test *)');
    expect(npm.message).toContain('allow rule Bash(npm test *)');
    const rm = rows.find((r) => r.evidence.pattern === 'bash(rm -rf)')!;
    expect(rm.evidence.suggestedRule).toBeNull();
    expect(rm.message).toContain('no allow rule would safely cover them all');
  });

  it('a configured deny rule keeps a rule from being suggested', () => {
    escalate('npm test -- --watch=false');
    runSuggestions(db, config, now, policyRuleJudge({ allow: [], ask: [], deny: ['Bash(npm test *)'] }, '/home/me'));
    expect(listSuggestions(db)[0]!.evidence.suggestedRule).toBeNull();
  });
});
