import { describe, expect, it } from 'vitest';
import { chooseAssignments, ineligibility, type RoutingPrompt, type RoutingSession } from './chooseSession';

const S = (name: string, over: Partial<RoutingSession> = {}): RoutingSession => ({
  name,
  provider: 'claude',
  specialties: [],
  host: null,
  managed: true,
  state: 'idle',
  currentPromptId: null,
  lastActivity: null,
  ...over,
});
const P = (id: number, over: Partial<RoutingPrompt> = {}): RoutingPrompt => ({
  id,
  source: 'cli',
  targetSession: null,
  targetProvider: null,
  requiredSpecialty: null,
  lockPaths: [],
  ...over,
});
const route = (prompts: RoutingPrompt[], sessions: RoutingSession[], extra: { maxBusy?: number; locks?: { id: number; path: string; sessionName: string }[]; delivering?: Set<string>; failed?: Map<number, string[]> } = {}) =>
  chooseAssignments({ prompts, sessions, locks: extra.locks ?? [], maxBusy: extra.maxBusy ?? 8, delivering: extra.delivering, failedSessions: extra.failed });

describe('ineligibility', () => {
  const cases: [string, RoutingPrompt, RoutingSession, string | undefined][] = [
    ['free idle session', P(1), S('a'), undefined],
    ['unmanaged', P(1), S('a', { managed: false }), 'unmanaged'],
    ['gone', P(1), S('a', { state: 'gone' }), 'gone'],
    ['busy', P(1), S('a', { state: 'busy' }), 'not_idle'],
    ['waiting on a dialog', P(1), S('a', { state: 'waiting_input' }), 'not_idle'],
    ['unknown screen', P(1), S('a', { state: 'unknown' }), 'not_idle'],
    ['starting', P(1), S('a', { state: 'starting' }), 'not_idle'],
    ['already holds a prompt', P(1), S('a', { currentPromptId: 7 }), 'prompt_in_flight'],
    ['other target', P(1, { targetSession: 'b' }), S('a'), 'wrong_target'],
    ['its target', P(1, { targetSession: 'a' }), S('a'), undefined],
    ['other provider', P(1, { targetProvider: 'codex' }), S('a'), 'wrong_provider'],
    ['its provider', P(1, { targetProvider: 'codex' }), S('a', { provider: 'codex' }), undefined],
    ['missing specialty', P(1, { requiredSpecialty: 'db' }), S('a', { specialties: ['ui'] }), 'missing_specialty'],
    ['has specialty', P(1, { requiredSpecialty: 'db' }), S('a', { specialties: ['ui', 'db'] }), undefined],
    ['its own author', P(1, { source: 'session:a' }), S('a'), 'author'],
    ['author even when targeted', P(1, { source: 'session:a', targetSession: 'a' }), S('a'), 'author'],
    ['another author', P(1, { source: 'session:b' }), S('a'), undefined],
  ];
  it.each(cases)('%s', (_name, prompt, session, expected) => {
    expect(ineligibility(prompt, session)).toBe(expected);
  });

  it('a session this process is typing into is not free', () => {
    expect(ineligibility(P(1), S('a'), new Set(['a']))).toBe('delivering');
  });
});

describe('chooseAssignments', () => {
  it('gives each prompt, in queue order, its own session', () => {
    expect(route([P(1), P(2), P(3)], [S('a'), S('b')])).toEqual([
      { promptId: 1, session: 'a' },
      { promptId: 2, session: 'b' },
    ]);
  });

  it('obeys target, provider and specialty; a prompt that cannot go does not block the next', () => {
    const sessions = [S('a'), S('b', { provider: 'codex' }), S('c', { specialties: ['docs'] }), S('d', { state: 'busy' })];
    const out = route(
      [P(1, { targetSession: 'd' }), P(2, { targetProvider: 'codex' }), P(3, { requiredSpecialty: 'docs' }), P(4, { targetProvider: 'aider' }), P(5)],
      sessions,
    );
    expect(out).toEqual([
      { promptId: 2, session: 'b' },
      { promptId: 3, session: 'c' },
      { promptId: 5, session: 'a' },
    ]);
  });

  it('never routes a prompt back to its author', () => {
    expect(route([P(1, { source: 'session:a' })], [S('a')])).toEqual([]);
    expect(route([P(1, { source: 'session:a' })], [S('a'), S('b')])).toEqual([{ promptId: 1, session: 'b' }]);
  });

  it('holds the busy cap per host', () => {
    const sessions = [S('a', { state: 'busy' }), S('b'), S('c'), S('r1', { host: 'remote' }), S('r2', { host: 'remote' })];
    expect(route([P(1), P(2), P(3), P(4)], sessions, { maxBusy: 2 })).toEqual([
      { promptId: 1, session: 'b' }, // local: a busy + b = 2
      { promptId: 2, session: 'r1' },
      { promptId: 3, session: 'r2' },
    ]);
    // a session holding a prompt, or being typed into, counts as busy too
    expect(route([P(1)], [S('a', { state: 'idle', currentPromptId: 9 }), S('b')], { maxBusy: 1 })).toEqual([]);
    expect(route([P(1)], [S('a'), S('b')], { maxBusy: 1, delivering: new Set(['a']) })).toEqual([]);
  });

  it('a prompt whose files another session holds waits; the holder itself may take it', () => {
    const locks = [{ id: 1, path: 'src/**', sessionName: 'a' }];
    expect(route([P(1, { lockPaths: ['src/x.ts'] }), P(2, { lockPaths: ['docs/y.md'] })], [S('b')], { locks })).toEqual([{ promptId: 2, session: 'b' }]);
    expect(route([P(1, { lockPaths: ['src/x.ts'] })], [S('a'), S('b')], { locks })).toEqual([{ promptId: 1, session: 'a' }]);
  });

  it('two queued prompts on the same files do not go out together', () => {
    expect(route([P(1, { lockPaths: ['src/a.ts'] }), P(2, { lockPaths: ['src'] }), P(3)], [S('a'), S('b')])).toEqual([
      { promptId: 1, session: 'a' },
      { promptId: 3, session: 'b' },
    ]);
  });

  it('prefers a session where the prompt has not failed, then the longest idle', () => {
    const sessions = [S('a', { lastActivity: 10 }), S('b', { lastActivity: 5 }), S('c', { lastActivity: 1 })];
    expect(route([P(1)], sessions)).toEqual([{ promptId: 1, session: 'c' }]);
    expect(route([P(1)], sessions, { failed: new Map([[1, ['c']]]) })).toEqual([{ promptId: 1, session: 'b' }]);
    // but a session where it failed is still better than none
    expect(route([P(1)], [S('c')], { failed: new Map([[1, ['c']]]) })).toEqual([{ promptId: 1, session: 'c' }]);
  });
});
