import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KILL_SWITCH_KEY, loadPolicy } from '@architect/approvals';
import { autoConfirmSchema, sessionSchema } from '@architect/core';
import { recordEscalation, writeFlag } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { initPolicy } from '@architect/policy';
import type { PermissionPrompt } from '@architect/tmux';
import { HOOK_GRACE_MS, planScreenAnswer, type PlanInput } from './planScreenAnswer';

let db: TempDb;
beforeAll(() => initPolicy());
beforeEach(() => {
  db = tempDb();
  db.sqlite.prepare("INSERT INTO sessions (name, provider, cwd, state) VALUES ('c1', 'claude', '/repo', 'busy'), ('x1', 'codex', '/repo', 'busy')").run();
});
afterEach(() => db.dispose());

const config = autoConfirmSchema.parse({ allow: ['Bash(npm test)', 'Bash(rm *)', 'Edit'] });
const policy = loadPolicy(config, { allow: [], ask: [], deny: [] }, 'test');
const CLAUDE_OPTIONS = ['Yes', "Yes, and don't ask again for npm test commands in /repo", 'No, and tell Claude what to do differently (esc)'];
const NOW = 1_000_000;

function input(prompt: Partial<PermissionPrompt>, over: Partial<PlanInput> = {}): PlanInput {
  return {
    db,
    policy,
    config,
    session: sessionSchema.parse({ name: 'c1', provider: 'claude', cwd: '/repo', hooks: false }),
    prompt: { tool: 'bash', command: 'npm test', options: CLAUDE_OPTIONS, optionNumbers: [1, 2, 3], complete: true, ...prompt },
    context: { cwd: '/repo', home: '/home/dev', protectedPaths: [] },
    firstSeenAt: NOW,
    now: NOW,
    ...over,
  };
}

describe('what the screen path does with a dialog', () => {
  it('approves an allowed, fully read request with the single-use Yes', () => {
    expect(planScreenAnswer(input({}))).toMatchObject({ kind: 'answer', outcome: 'approve', answer: { keys: ['1'], label: 'Yes' }, rule: 'allow:Bash(npm test)' });
  });

  it('denies a built-in danger even when an allow rule matches, with the plain No', () => {
    expect(planScreenAnswer(input({ command: 'rm -rf ~' }))).toMatchObject({ kind: 'answer', outcome: 'deny', answer: { keys: ['3'] } });
  });

  it('escalates a request it cannot read fully', () => {
    expect(planScreenAnswer(input({ complete: false }))).toMatchObject({ kind: 'escalate', rule: 'screen:incomplete', alert: true });
  });

  it('escalates a dialog only a human may answer at once, even when a rule would allow its option', () => {
    const trust = input({ tool: 'other', command: 'Do you trust the files in this folder?', options: ['Yes, proceed', 'No, exit'], humanNeeded: 'trust' });
    expect(planScreenAnswer(trust)).toMatchObject({ kind: 'escalate', rule: 'screen:human-needed:trust', alert: true });
    const everything = autoConfirmSchema.parse({ allow: ['Bash(*)', 'Edit', 'Write', 'Read', 'WebFetch'] });
    const plan = input({ tool: 'other', command: 'Would you like to proceed?', options: ['Yes, and auto-accept edits', 'No, keep planning'], humanNeeded: 'plan' }, {
      config: everything,
      policy: loadPolicy(everything, { allow: [], ask: [], deny: [] }, 'test'),
    });
    expect(planScreenAnswer(plan)).toMatchObject({ kind: 'escalate', rule: 'screen:human-needed:plan' });
  });

  it('does not give a hooked session hook grace for a human-needed dialog: hooks never see them', () => {
    db.sqlite.prepare("UPDATE sessions SET hook_session_id = 'abc' WHERE name = 'c1'").run();
    const hooked = sessionSchema.parse({ name: 'c1', provider: 'claude', cwd: '/repo', hooks: true });
    const usage = input({ tool: 'other', command: 'What do you want to do?', options: ['Stop and wait for limit to reset', 'Upgrade your plan'], humanNeeded: 'usage-limit' }, { session: hooked });
    expect(planScreenAnswer(usage)).toMatchObject({ kind: 'escalate', rule: 'screen:human-needed:usage-limit', alert: true });
  });

  it('escalates an approval when the dialog offers no single-use Yes', () => {
    expect(planScreenAnswer(input({ options: ["Yes, and don't ask again", 'No'] }))).toMatchObject({ kind: 'escalate', rule: 'screen:options' });
  });

  it('escalates everything while the kill switch is on', () => {
    writeFlag(db, KILL_SWITCH_KEY, true, NOW);
    expect(planScreenAnswer(input({}))).toMatchObject({ kind: 'escalate', rule: 'kill-switch:runtime' });
  });

  describe('a Claude session whose hooks report to Architect', () => {
    const hooked = sessionSchema.parse({ name: 'c1', provider: 'claude', cwd: '/repo', hooks: true });
    beforeEach(() => db.sqlite.prepare("UPDATE sessions SET hook_session_id = 'abc' WHERE name = 'c1'").run());

    it('gives the hook a moment, then escalates instead of approving (the hook did not answer)', () => {
      expect(planScreenAnswer(input({}, { session: hooked }))).toMatchObject({ kind: 'wait', untilMs: NOW + HOOK_GRACE_MS });
      expect(planScreenAnswer(input({}, { session: hooked, now: NOW + HOOK_GRACE_MS }))).toMatchObject({ kind: 'escalate', rule: 'hook:no-decision', alert: true });
    });

    it('escalates at once, without a second alert, what the hook escalated', () => {
      recordEscalation(db, { session: 'c1', via: 'hook', outcome: 'escalate', tool: 'Bash', command: 'npm test', rule: 'kill-switch:runtime', reason: 'x', screenHash: 'h:1', alert: true, now: NOW - 100 });
      expect(planScreenAnswer(input({}, { session: hooked }))).toMatchObject({ kind: 'escalate', rule: 'hook:escalated', alert: false });
      // A different request the hook never saw still gets its own alert.
      expect(planScreenAnswer(input({ command: 'make' }, { session: hooked, now: NOW + HOOK_GRACE_MS }))).toMatchObject({ kind: 'escalate', alert: true });
    });

    it('a hook escalation outside the window no longer counts as this dialog, but the session stays hook-handled', () => {
      recordEscalation(db, { session: 'c1', via: 'hook', outcome: 'escalate', tool: 'Bash', command: 'npm test', rule: 'x', reason: 'x', screenHash: 'h:1', alert: true, now: NOW - config.hookEscalationWindowMs - 1 });
      expect(planScreenAnswer(input({}, { session: hooked }))).toMatchObject({ kind: 'wait' });
    });
  });

  it('a Codex session is answered on screen whatever its hooks flag says', () => {
    const codex = sessionSchema.parse({ name: 'x1', provider: 'codex', cwd: '/repo' });
    const p = planScreenAnswer(input({ options: ['Yes, proceed (y)', "Yes, and don't ask again for this command (a)", 'No, and tell Codex what to do differently (esc)'] }, { session: codex }));
    expect(p).toMatchObject({ kind: 'answer', outcome: 'approve', answer: { keys: ['1'] } });
  });
});
