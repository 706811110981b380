import { describe, expect, it } from 'vitest';
import { decideActive, type ActiveFacts } from './decideActive';

const T = 1_000_000;
type Over = Omit<Partial<ActiveFacts>, 'prompt' | 'session'> & {
  prompt?: Partial<ActiveFacts['prompt']>;
  session?: Partial<NonNullable<ActiveFacts['session']>> | null;
};
const facts = (over: Over = {}): ActiveFacts => {
  const { prompt, session, ...rest } = over;
  return {
    prompt: { status: 'in_progress', delivery: 'submitted', assignedAt: T, startedAt: T + 100, timeoutMinutes: 30, timeoutSeconds: null, ...prompt },
    session: session === null ? undefined : { state: 'busy', stateAt: T + 150, screenState: 'busy', processState: null, foreground: null, managed: true, ...session },
    tmuxAlive: true,
    busyHere: false,
    turnEnd: undefined,
    now: T + 1000,
    settleMs: 3000,
    ...rest,
  };
};

describe('decideActive', () => {
  it('leaves prompts this process is delivering alone', () => {
    expect(decideActive(facts({ busyHere: true, tmuxAlive: false }))).toEqual({ kind: 'wait' });
  });

  it('a dead session sends the prompt back: free before any key, counted after', () => {
    expect(decideActive(facts({ tmuxAlive: false }))).toMatchObject({ kind: 'fail', action: 'session_gone' });
    expect(decideActive(facts({ session: { state: 'gone' } }))).toMatchObject({ kind: 'fail', action: 'session_gone' });
    expect(decideActive(facts({ session: null }))).toMatchObject({ kind: 'fail', action: 'session_gone' });
    expect(decideActive(facts({ session: { screenState: 'exited', state: 'unknown' } }))).toMatchObject({ kind: 'fail', reason: /agent exited/ });
    expect(decideActive(facts({ session: { state: 'exited', processState: 'exited', foreground: 'bash' } }))).toMatchObject({ kind: 'fail', action: 'session_gone', reason: /foreground: bash/ });
    expect(decideActive(facts({ session: { state: 'exited', processState: 'exited' }, prompt: { status: 'assigned', delivery: null } }))).toMatchObject({ kind: 'release' });
    expect(decideActive(facts({ tmuxAlive: false, prompt: { status: 'assigned', delivery: null } }))).toMatchObject({ kind: 'release' });
    expect(decideActive(facts({ tmuxAlive: false, prompt: { status: 'assigned', delivery: 'typing' } }))).toMatchObject({ kind: 'fail' });
  });

  it('times out from the assignment', () => {
    expect(decideActive(facts({ prompt: { timeoutSeconds: 2 }, now: T + 1999 }))).toEqual({ kind: 'wait' });
    expect(decideActive(facts({ prompt: { timeoutSeconds: 2 }, now: T + 2000 }))).toMatchObject({ kind: 'fail', action: 'timeout' });
    expect(decideActive(facts({ now: T + 30 * 60_000 }))).toMatchObject({ kind: 'fail', action: 'timeout' });
  });

  it('an assigned prompt nobody here is delivering is reconciled', () => {
    expect(decideActive(facts({ prompt: { status: 'assigned', delivery: 'typed' } }))).toEqual({ kind: 'reconcile' });
  });

  it('the Stop hook completes with its message; StopFailure fails the attempt', () => {
    const turnEnd = { hookEventId: 9, event: 'Stop' as const, response: 'all done', error: null, at: T + 500 };
    expect(decideActive(facts({ turnEnd }))).toEqual({ kind: 'complete', via: 'hook', response: 'all done' });
    expect(decideActive(facts({ turnEnd: { ...turnEnd, event: 'StopFailure', error: 'rate_limit' } }))).toMatchObject({ kind: 'fail', action: 'agent_error' });
  });

  it('screen: idle since the submission completes; an idle that never moved is checked on the screen', () => {
    expect(decideActive(facts())).toEqual({ kind: 'wait' });
    expect(decideActive(facts({ session: { state: 'idle', stateAt: T + 800 } }))).toEqual({ kind: 'complete-from-screen' });
    expect(decideActive(facts({ session: { state: 'idle', stateAt: T - 5 } }))).toEqual({ kind: 'check-screen', settled: false });
    expect(decideActive(facts({ session: { state: 'idle', stateAt: T - 5 }, now: T + 3100 }))).toEqual({ kind: 'check-screen', settled: true });
    expect(decideActive(facts({ session: { state: 'waiting_input', stateAt: T + 800 } }))).toEqual({ kind: 'wait' });
  });
});
