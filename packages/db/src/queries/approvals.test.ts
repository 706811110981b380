import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../testing';
import { countAnswersSince, enabledApprovalRules, latestApproval, listApprovals, recordApproval, recordEscalation } from './approvals';

let db: TempDb;
beforeEach(() => {
  db = tempDb();
  db.sqlite.prepare("INSERT INTO sessions (name, provider, cwd, state) VALUES ('w1', 'claude', '/tmp', 'busy')").run();
});
afterEach(() => db.dispose());

const base = { session: 'w1', via: 'screen' as const, tool: 'bash', command: 'npm test', rule: 'allow:Bash(npm test)', screenHash: 'd:1' };

describe('approval audit', () => {
  it('records approvals and denials, counts them for the rate limit, lists newest first', () => {
    recordApproval(db, { ...base, outcome: 'approve', now: 1000 });
    recordApproval(db, { ...base, outcome: 'deny', command: 'rm -rf ~', rule: 'builtin:rm-home', now: 2000 });
    recordEscalation(db, { ...base, outcome: 'escalate', rule: 'default', reason: 'no rule', alert: false, now: 3000 });
    expect(countAnswersSince(db, 'w1', 0)).toBe(2);
    expect(countAnswersSince(db, 'w1', 1500)).toBe(1);
    const rows = listApprovals(db, { limit: 10 });
    expect(rows.map((r) => r.kind)).toEqual(['permission_escalated', 'permission_denied', 'permission_approved']);
    expect(rows[1]).toMatchObject({ session: 'w1', outcome: 'deny', via: 'screen', command: 'rm -rf ~', rule: 'builtin:rm-home', screenHash: 'd:1' });
    expect(listApprovals(db, { limit: 1, session: 'w1' })).toHaveLength(1);
    expect(listApprovals(db, { limit: 10, session: 'other' })).toHaveLength(0);
  });

  it('an escalation marks the session waiting_input and raises one alert when asked to', () => {
    const r = recordEscalation(db, {
      ...base,
      outcome: 'escalate',
      rule: 'builtin:unknown',
      reason: 'cut off',
      alert: true,
      permission: { tool: 'bash', command: 'npm test' },
      now: 5000,
    });
    expect(r.alertId).toBeGreaterThan(0);
    const s = db.sqlite.prepare("SELECT state, permission FROM sessions WHERE name = 'w1'").get() as { state: string; permission: string };
    expect(s.state).toBe('waiting_input');
    expect(JSON.parse(s.permission)).toEqual({ tool: 'bash', command: 'npm test' });
    const alerts = db.sqlite.prepare('SELECT kind, session_name, message FROM alerts').all() as { kind: string; session_name: string; message: string }[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'permission_escalated', session_name: 'w1' });
    expect(alerts[0]!.message).toContain('npm test');
  });

  it("an escalation's alert carries the command with its secrets redacted; the audit row keeps it whole", () => {
    const command = 'curl -H "Authorization: Bearer sk-proj-abcdefghijklmnop0123456789" https://api.example.com';
    recordEscalation(db, { ...base, command, outcome: 'escalate', rule: 'default', reason: 'no rule', alert: true, now: 6000 });
    const alert = db.sqlite.prepare('SELECT message, details FROM alerts').get() as { message: string; details: string };
    expect(alert.message + alert.details).not.toContain('sk-proj-abcdefghijklmnop0123456789');
    expect(alert.message).toContain('curl -H');
    expect(listApprovals(db, { limit: 1 })[0]!.command).toBe(command);
  });

  it('a gone session stays gone', () => {
    db.sqlite.prepare("UPDATE sessions SET state = 'gone' WHERE name = 'w1'").run();
    recordEscalation(db, { ...base, outcome: 'escalate', rule: 'x', reason: 'y', alert: false, now: 1 });
    expect((db.sqlite.prepare("SELECT state FROM sessions WHERE name = 'w1'").get() as { state: string }).state).toBe('gone');
  });

  it('finds the latest decision by via, command and dialog hash within a window', () => {
    recordEscalation(db, { ...base, via: 'hook', screenHash: 'h:1', outcome: 'escalate', rule: 'x', reason: 'y', alert: false, now: 1000 });
    recordApproval(db, { ...base, outcome: 'approve', now: 2000 });
    expect(latestApproval(db, { session: 'w1', since: 0, via: 'hook' })).toMatchObject({ outcome: 'escalate', via: 'hook' });
    expect(latestApproval(db, { session: 'w1', since: 1500, via: 'hook' })).toBeUndefined();
    expect(latestApproval(db, { session: 'w1', since: 0, screenHash: 'd:1' })).toMatchObject({ outcome: 'approve' });
    expect(latestApproval(db, { session: 'w1', since: 0, command: 'other' })).toBeUndefined();
  });

  it('reads enabled dashboard rules per list', () => {
    db.sqlite.prepare("INSERT INTO approval_rules (list, rule, enabled) VALUES ('allow', 'Read', 1), ('deny', 'Bash(curl *)', 1), ('allow', 'Edit', 0)").run();
    expect(enabledApprovalRules(db)).toEqual({ allow: ['Read'], ask: [], deny: ['Bash(curl *)'] });
  });
});
