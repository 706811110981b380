import { describe, expect, it } from 'vitest';
import { classifyTmuxFailure, TmuxServerNotRunningError, TmuxSessionGoneError } from './errors';

const data = (stderr: string) => ({ args: ['list-sessions'], exitCode: 1, stderr });

describe('classifyTmuxFailure', () => {
  it('reads a missing socket or a refused connection as no server', () => {
    expect(classifyTmuxFailure(data('no server running on /tmp/tmux-0/x\n'))).toBeInstanceOf(TmuxServerNotRunningError);
    expect(classifyTmuxFailure(data('error connecting to /tmp/tmux-0/x (No such file or directory)\n'))).toBeInstanceOf(TmuxServerNotRunningError);
    expect(classifyTmuxFailure(data('error connecting to /tmp/tmux-0/x (Connection refused)\n'))).toBeInstanceOf(TmuxServerNotRunningError);
  });

  it('does not read a busy server (backlog full) as no server: every session would look gone', () => {
    const err = classifyTmuxFailure(data('error connecting to /tmp/tmux-0/x (Resource temporarily unavailable)\n'));
    expect(err).not.toBeInstanceOf(TmuxServerNotRunningError);
    expect(err).not.toBeInstanceOf(TmuxSessionGoneError);
    expect(err.message).toMatch(/Resource temporarily unavailable/);
  });
});
