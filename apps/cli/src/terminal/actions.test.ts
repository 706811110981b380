import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError, parseFileConfig, silentLogger, type Clock } from '@architect/core';
import { getPrompt, listAudit, syncConfiguredSessions } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { TmuxDriver } from '@architect/tmux';
import { TerminalActions, insideServer } from './actions';

let db: TempDb;
let actions: TerminalActions;
const clock: Clock = { now: () => 1_700_000_000_000 } as Clock;

beforeEach(() => {
  db = tempDb();
  const file = parseFileConfig({ sessions: [{ name: 'w1', provider: 'claude', specialties: ['docs'], cwd: '/tmp' }, { name: 'w2', provider: 'codex', cwd: '/tmp' }] }, 'test');
  syncConfiguredSessions(db, file.sessions.map((s) => ({ name: s.name, provider: s.provider, role: 'worker', specialties: s.specialties, cwd: s.cwd })), clock.now());
  // No tmux call happens in these tests (send/cancel/retry touch only the database).
  actions = new TerminalActions({ db, tmux: new TmuxDriver({ socket: 'unused' }), clock, log: silentLogger(), file, socket: 'arch', env: { USER: 'ada' } });
});
afterEach(() => db.dispose());

describe('terminal actions', () => {
  it('queues a prompt with the terminal as its source and audits it', () => {
    expect(actions.send({ content: 'write the docs', specialty: 'docs', priority: 3 })).toMatch(/^queued prompt \d+$/);
    const p = getPrompt(db, 1)!;
    expect(p).toMatchObject({ source: 'terminal', requiredSpecialty: 'docs', priority: 3, status: 'pending' });
    expect(listAudit(db, 10)).toMatchObject([{ actor: 'terminal:ada', action: 'POST send', details: { promptId: 1, specialty: 'docs', priority: 3 } }]);
  });

  it('refuses what architect send refuses, and queues nothing', () => {
    expect(() => actions.send({ content: 'x', target: 'nobody' })).toThrow(ValidationError);
    expect(() => actions.send({ content: 'x', target: 'w2', provider: 'claude' })).toThrow(/runs codex/);
    expect(() => actions.send({ content: 'bad \x1b[2J text' })).toThrow(ValidationError);
    expect(getPrompt(db, 1)).toBeUndefined();
    expect(listAudit(db, 10)).toEqual([]);
  });

  it('cancels a pending prompt and retries it; a second cancel is a conflict', () => {
    actions.send({ content: 'one' });
    expect(actions.cancel(1)).toBe('cancelled prompt 1 (was pending)');
    expect(() => actions.cancel(1)).toThrow(ConflictError);
    expect(actions.retry(1)).toBe('prompt 1 is queued again');
    expect(getPrompt(db, 1)!.status).toBe('pending');
    expect(() => actions.retry(1)).toThrow(/only failed or cancelled/);
    expect(() => actions.cancel(99)).toThrow(/99/);
    expect(listAudit(db, 10).map((a) => a.action)).toEqual(['POST retry', 'POST cancel', 'POST send']);
  });
});

describe('insideServer', () => {
  it('is true only inside a client of the same tmux server', () => {
    expect(insideServer({ TMUX: '/tmp/tmux-1000/arch,123,0' }, 'arch')).toBe(true);
    expect(insideServer({ TMUX: '/tmp/tmux-1000/default,123,0' }, 'arch')).toBe(false);
    expect(insideServer({ TMUX: '/tmp/tmux-1000/default,123,0' }, undefined)).toBe(true);
    expect(insideServer({}, 'arch')).toBe(false);
  });
});
