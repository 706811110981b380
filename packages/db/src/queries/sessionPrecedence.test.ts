import { describe, expect, it } from 'vitest';
import { deriveState, hookSignalOf, screenSignalOf, type PrecedenceInput } from './sessionPrecedence';

const base: PrecedenceInput = { current: 'unknown', hookState: null, hookAt: null, screenState: null, screenAt: null };
const GRACE = 2000;

describe('deriveState', () => {
  const cases: { name: string; input: Partial<PrecedenceInput>; now?: number; want: string; source: string | null; recheckAt?: number }[] = [
    { name: 'no signal keeps the stored state', input: { current: 'starting' }, want: 'starting', source: null },
    { name: 'gone sticks whatever the signals say', input: { current: 'gone', hookState: 'idle', hookAt: 1 }, want: 'gone', source: null },
    { name: 'hook only', input: { hookState: 'busy', hookAt: 10 }, want: 'busy', source: 'hook' },
    { name: 'screen only', input: { screenState: 'waiting_input', screenAt: 10 }, want: 'waiting_input', source: 'screen' },
    { name: 'screen unknown keeps a starting session starting', input: { current: 'starting', screenState: 'unknown', screenAt: 10 }, want: 'starting', source: null },
    { name: 'screen exited (a bare shell) means exited', input: { screenState: 'exited', screenAt: 10 }, want: 'exited', source: 'screen' },
    { name: 'process exited beats a fresh idle hook', input: { hookState: 'idle', hookAt: 500, screenState: 'idle', screenAt: 400, processState: 'exited' }, want: 'exited', source: 'process' },
    { name: 'process exited beats a busy screen', input: { screenState: 'busy', screenAt: 10, processState: 'exited' }, want: 'exited', source: 'process' },
    { name: 'agent alive: a shell-looking screen is unknown', input: { current: 'idle', screenState: 'exited', screenAt: 10, processState: 'agent' }, want: 'unknown', source: 'screen' },
    { name: 'agent alive: hook wins over a shell-looking screen', input: { hookState: 'idle', hookAt: 5, screenState: 'exited', screenAt: 10, processState: 'agent' }, want: 'idle', source: 'hook' },
    { name: 'gone sticks even when the process check says exited', input: { current: 'gone', processState: 'exited' }, want: 'gone', source: null },
    { name: 'hook newer than the last screen change wins', input: { hookState: 'busy', hookAt: 100, screenState: 'idle', screenAt: 50 }, want: 'busy', source: 'hook' },
    { name: 'same instant: hook wins', input: { hookState: 'idle', hookAt: 100, screenState: 'busy', screenAt: 100 }, want: 'idle', source: 'hook' },
    { name: 'screen busy after the hook overrides at once', input: { hookState: 'waiting_input', hookAt: 100, screenState: 'busy', screenAt: 150 }, now: 160, want: 'busy', source: 'screen' },
    { name: 'screen dialog after the hook overrides at once', input: { hookState: 'busy', hookAt: 100, screenState: 'waiting_input', screenAt: 150 }, now: 160, want: 'waiting_input', source: 'screen' },
    { name: 'screen unknown never overrides', input: { hookState: 'busy', hookAt: 100, screenState: 'unknown', screenAt: 5000 }, now: 9000, want: 'busy', source: 'hook' },
    { name: 'agent exited overrides', input: { hookState: 'idle', hookAt: 100, screenState: 'exited', screenAt: 200 }, now: 300, want: 'exited', source: 'screen' },
    {
      name: 'screen idle within the grace after a busy hook does not override (flash before the spinner)',
      input: { hookState: 'busy', hookAt: 1000, screenState: 'idle', screenAt: 1050 },
      now: 1100,
      want: 'busy',
      source: 'hook',
      recheckAt: 1000 + GRACE,
    },
    { name: 'screen idle past the grace overrides (interrupted turn, no Stop hook)', input: { hookState: 'busy', hookAt: 1000, screenState: 'idle', screenAt: 1050 }, now: 1000 + GRACE, want: 'idle', source: 'screen' },
    { name: 'dialog answered No: idle after the grace', input: { hookState: 'waiting_input', hookAt: 1000, screenState: 'idle', screenAt: 1300 }, now: 5000, want: 'idle', source: 'screen' },
    { name: 'screen agreeing with the hook reports the hook', input: { hookState: 'idle', hookAt: 100, screenState: 'idle', screenAt: 200 }, now: 300, want: 'idle', source: 'hook' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = deriveState({ ...base, ...c.input }, c.now ?? 10_000, GRACE);
      expect(d.state).toBe(c.want);
      expect(d.source).toBe(c.source);
      expect(d.recheckAt).toBe(c.recheckAt);
    });
  }
});

describe('signal mapping', () => {
  it('maps detector states', () => {
    expect(screenSignalOf('idle')).toBe('idle');
    expect(screenSignalOf('busy')).toBe('busy');
    expect(screenSignalOf('permission')).toBe('waiting_input');
    expect(screenSignalOf('unknown')).toBe('unknown');
    expect(screenSignalOf('unknown', 'agent-exited')).toBe('exited');
  });

  it('maps hook events', () => {
    expect(hookSignalOf('SessionStart')).toBe('idle');
    expect(hookSignalOf('UserPromptSubmit')).toBe('busy');
    expect(hookSignalOf('Stop')).toBe('idle');
    expect(hookSignalOf('StopFailure')).toBe('idle');
    expect(hookSignalOf('PermissionRequest')).toBe('waiting_input');
    expect(hookSignalOf('Notification', { notification_type: 'permission_prompt' })).toBe('waiting_input');
    expect(hookSignalOf('Notification', { notification_type: 'idle_prompt' })).toBe('idle');
    expect(hookSignalOf('Notification', { notification_type: 'auth_success' })).toBeUndefined();
    expect(hookSignalOf('SessionEnd')).toBe('unknown');
    expect(hookSignalOf('Bogus')).toBeUndefined();
  });
});
