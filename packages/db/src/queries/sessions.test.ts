import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../testing';
import { findSessionForHook, hookEventsAfter, lastTurnEnd, maxHookEventId, recordHookEvent } from './hookEvents';
import { markSessionGone, markSessionPresent, markSessionStarting } from './sessionLifecycle';
import { getSession, listSessionViews } from './sessionRead';
import { refreshSessionState, setScreenState, touchSessionActivity } from './sessionState';
import { syncConfiguredSessions } from './sessionSync';

let db: TempDb;
beforeEach(() => (db = tempDb()));
afterEach(() => db.dispose());

const w1 = { name: 'w1', provider: 'claude', role: 'worker', specialties: ['backend'], cwd: '/repo/w1' };
const w2 = { name: 'w2', provider: 'codex', role: 'worker', specialties: [], cwd: '/repo/w2' };

describe('syncConfiguredSessions', () => {
  it('adds, updates, and unmanages (never deletes) sessions', () => {
    expect(syncConfiguredSessions(db, [w1, w2], 1000)).toEqual({ added: ['w1', 'w2'], updated: [], unmanaged: [] });
    expect(syncConfiguredSessions(db, [w1, w2], 1001)).toEqual({ added: [], updated: [], unmanaged: [] });
    expect(syncConfiguredSessions(db, [{ ...w1, role: 'manager' }], 1002)).toEqual({ added: [], updated: ['w1'], unmanaged: ['w2'] });
    expect(getSession(db, 'w2')).toMatchObject({ managed: false, provider: 'codex' });
    expect(getSession(db, 'w1')).toMatchObject({ managed: true, role: 'manager', specialties: ['backend'], state: 'unknown' });
    expect(syncConfiguredSessions(db, [w1, w2], 1003).updated.sort()).toEqual(['w1', 'w2']);
    expect(getSession(db, 'w2')!.managed).toBe(true);
  });
});

describe('session state writes', () => {
  beforeEach(() => {
    syncConfiguredSessions(db, [w1], 0);
    markSessionStarting(db, 'w1', 100);
  });

  it('follows the screen, moving screen_state_at only on a change of signal', () => {
    expect(getSession(db, 'w1')).toMatchObject({ state: 'starting', stateAt: 100 });
    expect(setScreenState(db, 'w1', { state: 'unknown', hash: 'h0' }, 150)).toMatchObject({ to: 'starting', changed: false });
    const w = setScreenState(db, 'w1', { state: 'idle', hash: 'h1', output: 'hello' }, 200)!;
    expect(w).toMatchObject({ from: 'starting', to: 'idle', changed: true });
    expect(getSession(db, 'w1')).toMatchObject({ state: 'idle', stateSource: 'screen', stateAt: 200, screenStateAt: 200, lastOutput: 'hello', lastActivity: 200 });
    setScreenState(db, 'w1', { state: 'idle', hash: 'h2' }, 300);
    expect(getSession(db, 'w1')).toMatchObject({ screenStateAt: 200, screenHash: 'h2', stateAt: 200 });
    const perm = { tool: 'bash', command: 'ls', options: ['Yes', 'No'] };
    setScreenState(db, 'w1', { state: 'waiting_input', hash: 'h3', permission: perm }, 400);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'waiting_input', permission: perm });
    setScreenState(db, 'w1', { state: 'busy', hash: 'h4' }, 500);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'busy', permission: null });
  });

  it('lets a fresh hook win and a later screen change override it (idle only after the grace)', () => {
    setScreenState(db, 'w1', { state: 'idle', hash: 'a' }, 1000);
    const busy = recordHookEvent(db, { session: 'w1', event: 'UserPromptSubmit', payload: { prompt: 'do it' }, hookSessionId: 'abc' }, 2000);
    expect(busy.write).toMatchObject({ from: 'idle', to: 'busy', changed: true });
    expect(getSession(db, 'w1')).toMatchObject({ state: 'busy', stateSource: 'hook', hookSessionId: 'abc' });
    // The screen still drawn idle (same signal as before the hook) is old evidence.
    setScreenState(db, 'w1', { state: 'idle', hash: 'b' }, 2050);
    expect(getSession(db, 'w1')!.state).toBe('busy');
    // Dialog on screen: the hook did not say so (yet), but waiting_input overrides at once.
    recordHookEvent(db, { session: 'w1', event: 'PermissionRequest', payload: { tool_name: 'Bash', tool_input: { command: 'ls' } } }, 3000);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'waiting_input', permission: { via: 'hook', tool_name: 'Bash', tool_input: { command: 'ls' } } });
    setScreenState(db, 'w1', { state: 'waiting_input', hash: 'd', permission: { tool: 'bash' } }, 3050, 2000);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'waiting_input', stateSource: 'hook', permission: { tool: 'bash' } });
    // Answered "No": the screen returns to idle and no Stop hook comes; idle wins after the grace.
    const w = setScreenState(db, 'w1', { state: 'idle', hash: 'c' }, 3100, 2000)!;
    expect(w).toMatchObject({ to: 'waiting_input', recheckAt: 5000 });
    expect(refreshSessionState(db, 'w1', 4999, 2000)).toMatchObject({ changed: false, recheckAt: 5000 });
    expect(refreshSessionState(db, 'w1', 5000, 2000)).toMatchObject({ changed: true, from: 'waiting_input', to: 'idle' });
    expect(getSession(db, 'w1')).toMatchObject({ state: 'idle', stateSource: 'screen', stateAt: 5000 });
  });

  it('ignores a late Notification that repeats the hook state', () => {
    recordHookEvent(db, { session: 'w1', event: 'PermissionRequest', payload: { tool_name: 'Bash' } }, 1000);
    setScreenState(db, 'w1', { state: 'waiting_input', hash: 'a' }, 1050);
    setScreenState(db, 'w1', { state: 'busy', hash: 'b' }, 1100); // answered
    expect(getSession(db, 'w1')!.state).toBe('busy');
    recordHookEvent(db, { session: 'w1', event: 'Notification', payload: { notification_type: 'permission_prompt' } }, 1150);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'busy', hookStateAt: 1000 });
  });

  it('a late SessionStart never undoes a busy state seen first', () => {
    setScreenState(db, 'w1', { state: 'busy', hash: 'a' }, 1000);
    recordHookEvent(db, { session: 'w1', event: 'SessionStart', payload: { source: 'startup' }, hookSessionId: 's' }, 1100);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'busy', hookState: null, hookSessionId: 's' });
    markSessionStarting(db, 'w1', 1200);
    recordHookEvent(db, { session: 'w1', event: 'SessionStart', payload: { source: 'startup' } }, 1300);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'idle', stateSource: 'hook' });
  });

  it('a PermissionRequest answered by the hook itself keeps the session busy', () => {
    recordHookEvent(db, { session: 'w1', event: 'PermissionRequest', payload: { tool_name: 'Bash' }, decided: true }, 1000);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'busy', hookState: 'busy' });
  });

  it('stores the Stop hook response for the assigner', () => {
    recordHookEvent(db, { session: 'w1', event: 'UserPromptSubmit', payload: {} }, 1000);
    const stop = recordHookEvent(db, { session: 'w1', event: 'Stop', payload: { last_assistant_message: 'All tests pass.' } }, 2000);
    expect(stop.write).toMatchObject({ to: 'idle', changed: true });
    expect(getSession(db, 'w1')!.lastOutput).toBe('All tests pass.');
    // The idle screen read right after does not replace the hook's exact response.
    setScreenState(db, 'w1', { state: 'idle', hash: 'z', output: '❯ (screen tail)' }, 2100);
    expect(getSession(db, 'w1')!.lastOutput).toBe('All tests pass.');
    expect(lastTurnEnd(db, 'w1')).toEqual({ hookEventId: stop.id, event: 'Stop', response: 'All tests pass.', error: null, at: 2000 });
    expect(lastTurnEnd(db, 'w1', 2001)).toBeUndefined();
    expect(maxHookEventId(db)).toBe(stop.id);
    expect(hookEventsAfter(db, 0, { session: 'w1' }).map((e) => e.event)).toEqual(['UserPromptSubmit', 'Stop']);
  });

  it('records events for unknown sessions without touching any session', () => {
    const r = recordHookEvent(db, { session: undefined, event: 'Stop', payload: {} }, 1000);
    expect(r.write).toBeUndefined();
    expect(hookEventsAfter(db, 0)).toMatchObject([{ sessionName: null, event: 'Stop' }]);
    expect(recordHookEvent(db, { session: 'nope', event: 'Stop', payload: {} }, 1000).write).toBeUndefined();
  });

  it('finds the session of a hook by Claude session id, then by a unique cwd', () => {
    recordHookEvent(db, { session: 'w1', event: 'SessionStart', payload: {}, hookSessionId: 'sid-1' }, 1000);
    expect(findSessionForHook(db, { hookSessionId: 'sid-1' })).toBe('w1');
    expect(findSessionForHook(db, { hookSessionId: 'other', cwd: '/repo/w1' })).toBe('w1');
    syncConfiguredSessions(db, [w1, { ...w2, cwd: '/repo/w1' }], 1001);
    expect(findSessionForHook(db, { cwd: '/repo/w1' })).toBeUndefined(); // ambiguous
  });

  it('marks gone (compare-and-swap), revives, and clears stale signals', () => {
    recordHookEvent(db, { session: 'w1', event: 'Stop', payload: {} }, 1000);
    expect(markSessionGone(db, 'w1', 2000)).toMatchObject({ state: 'gone', hookState: null, stateAt: 2000 });
    expect(markSessionGone(db, 'w1', 2100)).toBeUndefined();
    expect(setScreenState(db, 'w1', { state: 'idle', hash: 'x' }, 2200)).toMatchObject({ to: 'gone', changed: false });
    expect(markSessionPresent(db, 'w1', 2300)).toBe(true);
    expect(markSessionPresent(db, 'w1', 2400)).toBe(false);
    expect(getSession(db, 'w1')!.state).toBe('unknown');
  });

  it('throttled activity only moves forward', () => {
    expect(touchSessionActivity(db, 'w1', 5000)).toBe(true);
    expect(touchSessionActivity(db, 'w1', 4000)).toBe(false);
    expect(getSession(db, 'w1')!.lastActivity).toBe(5000);
  });

  it('lists sessions with an excerpt of the current prompt', () => {
    const id = Number(db.sqlite.prepare("INSERT INTO prompts (content) VALUES ('fix the login bug\nsecond line')").run().lastInsertRowid);
    db.sqlite.prepare('UPDATE sessions SET current_prompt_id = ? WHERE name = ?').run(id, 'w1');
    expect(listSessionViews(db)).toMatchObject([{ name: 'w1', currentPromptId: id, currentPromptExcerpt: 'fix the login bug' }]);
  });
});
