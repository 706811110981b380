import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processRuns } from './processRuns';
import { TmuxServer } from './tmuxServer';


describe('TmuxServer (test support)', () => {
  it('kill() returns only once the tmux server process has ended, a control client attached', async () => {
    const server = new TmuxServer('arch-support');
    server.newSession('s', ['sleep', '600']);
    const pid = Number(server.run('display-message', '-p', '#{pid}').trim());
    const client = spawn('tmux', ['-L', server.socket, '-C', 'attach-session', '-t', '=s'], { stdio: ['pipe', 'pipe', 'pipe'] });
    await new Promise((r) => client.stdout.once('data', r));
    server.kill();
    expect(processRuns(pid)).toBe(false);
    client.kill('SIGKILL');
  });
});
