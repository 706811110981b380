import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../testing';
import { listSessionAlerts, raiseEpisodeAlert } from './sessionAlerts';
import { getSession } from './sessionRead';
import { setHookState, setProcessState, setScreenState } from './sessionState';
import { syncConfiguredSessions } from './sessionSync';

let db: TempDb;
beforeEach(() => {
  db = tempDb();
  syncConfiguredSessions(db, [{ name: 'w1', provider: 'claude', role: 'worker', specialties: [], cwd: '/repo' }], 0);
});
afterEach(() => db.dispose());

describe('exited sessions (migration 0003)', () => {
  it('stores the exited state, and the process check beats an idle hook and screen', () => {
    setHookState(db, 'w1', { event: 'Stop', payload: { last_assistant_message: 'done' } }, 100);
    setScreenState(db, 'w1', { state: 'idle', hash: 'h1' }, 90);
    expect(getSession(db, 'w1')!.state).toBe('idle');
    const w = setProcessState(db, 'w1', { state: 'exited', foreground: 'bash' }, 200);
    expect(w).toMatchObject({ from: 'idle', to: 'exited', changed: true });
    expect(getSession(db, 'w1')).toMatchObject({ state: 'exited', stateSource: 'process', stateAt: 200, processState: 'exited', processAt: 200, foreground: 'bash', hookState: null });
    // The same verdict again keeps the episode's start.
    setProcessState(db, 'w1', { state: 'exited', foreground: 'bash' }, 300);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'exited', stateAt: 200, processAt: 200 });
    // The agent is back (typed again in the shell): the screen decides again.
    setProcessState(db, 'w1', { state: 'agent', foreground: 'node claude.mjs' }, 400);
    setScreenState(db, 'w1', { state: 'idle', hash: 'h2' }, 410);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'idle', processState: 'agent' });
  });

  it('an agent restarted in the pane: its SessionStart counts, the state waits for the process check', () => {
    setProcessState(db, 'w1', { state: 'exited', foreground: 'bash' }, 100);
    setHookState(db, 'w1', { event: 'SessionStart' }, 200);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'exited', hookState: 'idle' });
    setProcessState(db, 'w1', { state: 'agent', foreground: 'claude' }, 300);
    expect(getSession(db, 'w1')).toMatchObject({ state: 'idle', stateSource: 'hook' });
  });

  it('the CHECK constraint still refuses a state that does not exist', () => {
    expect(() => db.sqlite.prepare("UPDATE sessions SET state = 'sleeping' WHERE name = 'w1'").run()).toThrow(/CHECK/);
    expect(() => db.sqlite.prepare("UPDATE sessions SET process_state = 'maybe' WHERE name = 'w1'").run()).toThrow(/CHECK/);
    db.sqlite.prepare("UPDATE sessions SET state = 'exited' WHERE name = 'w1'").run();
  });
});

describe('raiseEpisodeAlert', () => {
  const alert = { kind: 'session_exited' as const, session: 'w1', state: 'exited', message: 'w1 exited', details: { screen: '$ ' } };
  it('raises one alert per episode, and a new episode again', () => {
    expect(raiseEpisodeAlert(db, { ...alert, since: 1000, now: 70_000 })).toBeGreaterThan(0);
    expect(raiseEpisodeAlert(db, { ...alert, since: 1000, now: 75_000 })).toBeNull();
    expect(raiseEpisodeAlert(db, { ...alert, since: 90_000, now: 160_000 })).toBeGreaterThan(0);
    const rows = listSessionAlerts(db, 'w1');
    expect(rows.map((r) => r.episode)).toEqual(['w1:exited:1000', 'w1:exited:90000']);
    expect(rows[0]!.details).toMatchObject({ screen: '$ ', state: 'exited', since: 1000 });
  });

  it('alerts without an episode (escalations) are never deduplicated by it', () => {
    const ins = db.sqlite.prepare("INSERT INTO alerts (kind, session_name, message) VALUES ('permission_escalated', 'w1', 'x')");
    ins.run();
    ins.run();
    expect(listSessionAlerts(db, 'w1')).toHaveLength(2);
  });
});
