import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TmuxDriver } from '@architect/tmux';
import { TmuxServer } from '../../../../test/support/tmuxServer';
import { waitFor } from '../../../../test/support/waitFor';
import { identityResolver, paneAgentCheck } from './paneAgentCheck';

let server: TmuxServer;
let driver: TmuxDriver;
let dir: string;
let agent: string;

beforeEach(() => {
  server = new TmuxServer('proc');
  driver = new TmuxDriver({ socket: server.socket });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-proc-'));
  // A stand-in agent: runs until it reads "q".
  agent = path.join(dir, 'agent.mjs');
  fs.writeFileSync(agent, "process.stdin.setRawMode(true); process.stdin.on('data', (d) => { if (String(d).includes('q')) process.exit(0); }); console.log('agent ready');\n");
});
afterEach(() => {
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('paneAgentCheck (real tmux, real /proc)', () => {
  it('configured command that falls back to a shell: agent, then the shell is not', async () => {
    const command = `node ${agent}; exec bash --norc --noprofile`;
    const check = paneAgentCheck(driver, identityResolver([{ name: 'w1', provider: 'claude', command }]));
    await driver.newSession('w1', { cwd: dir, command: ['/bin/sh', '-c', command], width: 80, height: 20 });
    await waitFor('agent runs', async () => (await check('w1', 'claude'))?.agent === true);
    // tmux itself only sees sh leading the group: process truth must look at the members.
    expect((await driver.paneProcess('w1')).currentCommand).toBe('sh');
    await driver.sendLiteral('w1', 'q');
    await waitFor('agent exited', async () => (await check('w1', 'claude'))?.agent === false);
    expect(await check('w1', 'claude')).toEqual({ agent: false, foreground: 'bash --norc --noprofile' });
  });

  it('a session the user started by hand: a shell, then the agent typed in it', async () => {
    const check = paneAgentCheck(driver, identityResolver([{ name: 'h1', provider: 'claude', command: ['node', agent] }]));
    await driver.newSession('h1', { cwd: dir, command: ['bash', '--norc', '--noprofile'], width: 80, height: 20 });
    await waitFor('shell up', async () => (await check('h1', 'claude')) !== undefined);
    expect(await check('h1', 'claude')).toMatchObject({ agent: false, foreground: 'bash --norc --noprofile' });
    await driver.sendLiteral('h1', `node ${agent}`);
    await driver.sendKey('h1', 'Enter');
    await waitFor('agent runs', async () => (await check('h1', 'claude'))?.agent === true);
    expect((await check('h1', 'claude'))!.foreground).toBe(`node ${agent}`);
    await driver.sendLiteral('h1', 'q');
    await waitFor('back to the shell', async () => (await check('h1', 'claude'))?.agent === false);
  });

  it('a shell session has no agent to check', async () => {
    const check = paneAgentCheck(driver, identityResolver([]));
    expect(await check('anything', 'shell')).toBeUndefined();
  });
});
