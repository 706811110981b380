/**
 * tmux (3.3a here, and releases after it: tmux/tmux#4980) crashes its server when a session is
 * created or closed — or a paste buffer changes — while a control client is between its first
 * identify message and its last; every agent session dies with the server. A `pnpm soak` start
 * hit it (sessions up creating sessions while the daemons' control clients connected). Architect's
 * processes take one lock per tmux server around each connect and each such command
 * (serverEventLock.ts); these tests hold it from another process and watch who waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TmuxServer } from '../../../../test/support/tmuxServer';
import { ServerEventLock } from './serverEventLock';
import { TmuxDriver } from './tmuxDriver';

let server: TmuxServer;
let dir: string;
let lockDir: string;
let holder: ChildProcess | undefined;

beforeEach(() => {
  server = new TmuxServer('ctlconn');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-ctlconn-'));
  lockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-ctllock-'));
  server.newSession('keep', ['sleep', '600']);
});
afterEach(() => {
  holder?.kill('SIGKILL');
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(lockDir, { recursive: true, force: true });
});

const lockPath = () => new ServerEventLock({ socket: server.socket, staleMs: 1, waitMs: 1, dir: lockDir }).path;

/** Another process takes the lock the way the driver does (mkdir) and gives it back after `ms`. */
async function holdElsewhere(ms: number): Promise<void> {
  const p = lockPath();
  holder = spawn(process.execPath, ['-e', `require('fs').mkdirSync(${JSON.stringify(p)}); setTimeout(() => require('fs').rmdirSync(${JSON.stringify(p)}), ${ms})`], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!fs.existsSync(p)) {
    if (Date.now() > deadline) throw new Error('the holder never took the lock');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const timed = async (fn: () => Promise<unknown>) => {
  const t0 = Date.now();
  await fn();
  return Date.now() - t0;
};

it('a control client does not connect while another process creates a session, and the reverse', async () => {
  const daemon = new TmuxDriver({ socket: server.socket, timeoutMs: 5000, controlMode: true, lockDir });
  const cli = new TmuxDriver({ socket: server.socket, timeoutMs: 5000, lockDir });
  try {
    await holdElsewhere(400);
    expect(await timed(() => daemon.run(['display-message', '-p', 'x']))).toBeGreaterThanOrEqual(300);
    expect(daemon.controlCalls).toBe(1); // it did connect, after the holder let go

    await holdElsewhere(400);
    expect(await timed(() => cli.newSession('s1', { cwd: dir, command: ['sleep', '600'] }))).toBeGreaterThanOrEqual(300);
    await holdElsewhere(400);
    expect(await timed(() => cli.killSession('s1'))).toBeGreaterThanOrEqual(300);
    // Through the control client too: a paste notifies every control client.
    await holdElsewhere(400);
    expect(await timed(() => daemon.pasteText('keep', 'x', { bracketed: false }))).toBeGreaterThanOrEqual(300);
    // Reads and keys never wait for it.
    await holdElsewhere(1500);
    expect(await timed(() => daemon.screen('keep'))).toBeLessThan(1000);
    expect(await timed(() => daemon.sendKey('keep', 'Enter'))).toBeLessThan(1000);
    expect(fs.existsSync(lockPath())).toBe(true);
  } finally {
    daemon.close();
  }
});

it('a lock left by a process that died is broken once stale, and no wait outlasts the bound', async () => {
  fs.mkdirSync(lockPath());
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(lockPath(), old, old);
  const cli = new TmuxDriver({ socket: server.socket, timeoutMs: 5000, lockDir });
  expect(await timed(() => cli.newSession('s2', { cwd: dir, command: ['sleep', '600'] }))).toBeLessThan(1000);
  expect(fs.existsSync(lockPath())).toBe(false); // released after use

  // A holder that stays (fresh) past the bound: the call goes on without the lock.
  const lock = new ServerEventLock({ socket: server.socket, staleMs: 60_000, waitMs: 200, dir: lockDir });
  fs.mkdirSync(lock.path);
  let ran = false;
  const waited = await timed(() => lock.with(async () => void (ran = true)));
  expect(ran).toBe(true);
  expect(waited).toBeGreaterThanOrEqual(190);
  expect(fs.existsSync(lock.path)).toBe(true); // not ours to remove
});
