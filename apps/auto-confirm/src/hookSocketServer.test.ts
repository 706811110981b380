import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hookSocketDir, hookSocketPath, type HookSocketReply } from '@architect/approvals';
import { daemonPermissionDelegate } from '@architect/approvals/hookClient';
import { silentLogger } from '@architect/core';
import { HookSocketServer } from './hookSocketServer';

let home: string;
let servers: HookSocketServer[];
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-acsock-'));
  servers = [];
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  fs.rmSync(home, { recursive: true, force: true });
});

const allow: HookSocketReply = { v: 1, ok: true, decision: { behavior: 'allow' }, warnings: [] };

function server(handle: (line: string) => Promise<HookSocketReply> = async () => allow): HookSocketServer {
  const s = new HookSocketServer({ socketPath: hookSocketPath(home), handle, log: silentLogger() });
  servers.push(s);
  return s;
}

const ask = () => daemonPermissionDelegate({ env: { ARCHITECT_HOME: home }, defaultHome: '/nope' })({ hook_event_name: 'PermissionRequest' }, 'w1');

/** Send raw bytes, collect everything the server says until it closes. */
function raw(text: string): Promise<string> {
  return new Promise((resolve) => {
    const c = net.createConnection(hookSocketPath(home));
    let out = '';
    c.on('data', (d) => (out += d));
    c.on('error', () => undefined);
    c.on('close', () => resolve(out));
    c.write(text);
  });
}

describe('the hook socket', () => {
  it('is a 0600 socket in a 0700 directory, answers, and is removed on close', async () => {
    fs.mkdirSync(hookSocketDir(home), { recursive: true, mode: 0o755 });
    const s = server();
    await s.listen();
    expect(fs.lstatSync(hookSocketDir(home)).mode & 0o777).toBe(0o700);
    const st = fs.lstatSync(hookSocketPath(home));
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(hookSocketDir(home))).toEqual(['auto-confirm.sock']); // no temp name left
    expect(await ask()).toEqual({ handled: true, decision: { behavior: 'allow' }, warnings: [] });
    await s.close();
    await s.close(); // idempotent
    expect(fs.existsSync(hookSocketPath(home))).toBe(false);
    expect(await ask()).toMatchObject({ handled: false, quiet: true });
  });

  it('replaces a stale socket left by a dead daemon', async () => {
    fs.mkdirSync(hookSocketDir(home), { recursive: true, mode: 0o700 });
    const dead = net.createServer();
    const tmp = path.join(hookSocketDir(home), 'x.sock');
    await new Promise<void>((r) => dead.listen(tmp, r));
    fs.renameSync(tmp, hookSocketPath(home));
    await new Promise((r) => dead.close(r));
    expect(await ask()).toMatchObject({ handled: false, reason: expect.stringMatching(/ECONNREFUSED/) });
    await server().listen();
    expect(await ask()).toMatchObject({ handled: true });
  });

  it('never removes a successor’s socket when it closes', async () => {
    const old = server(async () => ({ v: 1, ok: true, decision: null, warnings: ['old'] }));
    await old.listen();
    const successor = server(async () => ({ v: 1, ok: true, decision: null, warnings: ['new'] }));
    await successor.listen();
    await old.close();
    expect(await ask()).toMatchObject({ handled: true, warnings: ['new'] });
  });

  it('finishes a request in flight before closing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = server(async () => {
      await gate;
      return allow;
    });
    await s.listen();
    const answer = ask();
    await new Promise((r) => setTimeout(r, 50));
    const closed = s.close();
    release();
    await closed;
    expect(await answer).toMatchObject({ handled: true, decision: { behavior: 'allow' } });
  });

  it('answers "no decision" (never a refusal) when its handler throws: the request may be recorded', async () => {
    await server(async () => {
      throw new Error('disk full');
    }).listen();
    expect(await ask()).toEqual({ handled: true, decision: null, warnings: ['auto-confirm daemon failed: disk full'] });
  });

  it('does not bind a path too long for a unix socket (Node would silently truncate it)', async () => {
    const deep = path.join(home, 'd'.repeat(90));
    const s = new HookSocketServer({ socketPath: hookSocketPath(deep), handle: async () => allow, log: silentLogger() });
    servers.push(s);
    await expect(s.listen()).rejects.toThrow(/too long/);
    expect(fs.readdirSync(hookSocketDir(deep))).toEqual([]);
    expect(await daemonPermissionDelegate({ env: { ARCHITECT_HOME: deep }, defaultHome: '/nope' })({}, 'w1')).toMatchObject({ handled: false, reason: expect.stringMatching(/too long/) });
  });

  it('refuses an oversize request without handing it on', async () => {
    let handled = 0;
    await server(async () => {
      handled++;
      return allow;
    }).listen();
    const reply = await raw('x'.repeat(1024 * 1024 + 70 * 1024));
    expect(JSON.parse(reply)).toMatchObject({ ok: false, refused: 'bad-request' });
    expect(handled).toBe(0);
  });
});
