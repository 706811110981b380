import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TmuxServer } from '../../../../test/support/tmuxServer';
import { waitFor } from '../../../../test/support/waitFor';
import { TmuxArgumentError, TmuxServerNotRunningError, TmuxSessionGoneError, TmuxTimeoutError, TmuxError } from './errors';
import { exactTarget, tmuxSessionName } from './names';
import { chunkUtf8, TmuxDriver } from './tmuxDriver';

let server: TmuxServer;
let driver: TmuxDriver;
let dir: string;

beforeEach(() => {
  server = new TmuxServer('drv');
  driver = new TmuxDriver({ socket: server.socket, timeoutMs: 5000 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-drv-'));
});
afterEach(() => {
  driver.close();
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A pane running `cat > file` in raw-ish mode: every byte typed lands in the file. */
async function catSession(name: string): Promise<string> {
  const file = path.join(dir, `${name}.txt`);
  // stty raw -echo: no line editing, no CR/LF translation, so the file holds exactly the bytes sent.
  await driver.newSession(name, { cwd: dir, command: ['sh', '-c', `stty raw -echo; exec cat > '${file}'`], width: 100, height: 30 });
  await waitFor('cat running', async () => (await driver.listSessions()).find((s) => s.name === name)?.paneCurrentCommand === 'cat');
  return file;
}

const NASTY = [
  'plain words',
  'quotes "double" and \'single\' and `back`',
  'subst $(rm -rf /) ${HOME} $HOME',
  '-leading dash',
  '--',
  'C-c',
  'Enter',
  'semi; colon && pipe | amp &',
  'non-ASCII: héllo wörld — 日本語 — emoji 🎉👩‍💻',
  'backslash \\ and \\n literal',
];

// Every behaviour holds the same through a process per call and through the control client.
describe.each([{ mode: 'a process per call', control: false }, { mode: 'the control client', control: true }])('TmuxDriver through $mode', ({ control }) => {
  beforeEach(() => {
    driver = new TmuxDriver({ socket: server.socket, timeoutMs: 5000, controlMode: control });
  });
  afterEach(() => {
    // Everything went through the client its mode names, none of it silently through the other.
    if (control) expect(driver.controlCalls).toBeGreaterThan(0);
    else expect(driver.controlCalls).toBe(0);
  });

  it('creates, lists and kills sessions with exact names (no prefix matching)', async () => {
    await driver.newSession('dev_worker1', { cwd: dir, command: ['sleep', '60'], width: 90, height: 20, env: { ARCHITECT_SESSION: 'dev_worker1' } });
    expect(await driver.hasSession('dev_worker1')).toBe(true);
    expect(await driver.hasSession('dev')).toBe(false);
    const [info] = await driver.listSessions();
    expect(info).toMatchObject({ name: 'dev_worker1', width: 90, height: 20, paneCurrentCommand: 'sleep', paneDead: false, panePipe: false });
    expect(info!.panePid).toBeGreaterThan(1);
    expect(Math.abs(info!.created - Date.now())).toBeLessThan(5000);
    expect(await driver.displayMessage('dev_worker1', '#{pane_width}x#{pane_height}')).toBe('90x20');
    const env = server.run('show-environment', '-t', '=dev_worker1', 'ARCHITECT_SESSION');
    expect(env.trim()).toBe('ARCHITECT_SESSION=dev_worker1');
    await expect(driver.capture('dev')).rejects.toBeInstanceOf(TmuxSessionGoneError);
    expect(await driver.killSession('dev_worker1')).toBe(true);
    expect(await driver.killSession('dev_worker1')).toBe(false);
  });

  it('maps names with dots the way tmux renames them', async () => {
    await driver.newSession('a.b', { cwd: dir, command: ['sleep', '60'] });
    expect((await driver.listSessions()).map((s) => s.name)).toEqual(['a_b']);
    expect(await driver.hasSession('a.b')).toBe(true);
    expect(tmuxSessionName('a.b')).toBe('a_b');
  });

  it('types text byte for byte with sendLiteral, key names included', async () => {
    const file = await catSession('lit');
    const text = NASTY.join('\n');
    await driver.sendLiteral('lit', text);
    await waitFor('all bytes', () => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text, { timeoutMs: 5000 });
  });

  it('types text ending in a semicolon as text, not as the end of a tmux command', async () => {
    const file = await catSession('semi');
    let typed = '';
    for (const text of [';', 'a;', 'b\\;', ' ; ']) {
      await driver.sendLiteral('semi', text);
      typed += text;
      await waitFor(`${JSON.stringify(text)} typed`, () => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === typed, { timeoutMs: 5000 });
    }
  });

  it('types long text in pieces below tmux command limit', async () => {
    const file = await catSession('long');
    const text = 'é🎉x'.repeat(3000); // ~21 KB: one send-keys would be refused as "command too long"
    await driver.sendLiteral('long', text);
    await waitFor('all bytes', () => fs.readFileSync(file, 'utf8') === text, { timeoutMs: 10_000 });
  });

  it('pastes multi-line text byte for byte through a named buffer and deletes the buffer', async () => {
    const file = await catSession('paste');
    const text = `${NASTY.join('\n')}\n${'x'.repeat(40_000)}\nlast line`;
    await driver.pasteText('paste', text);
    await waitFor('all bytes', () => fs.readFileSync(file, 'utf8') === text, { timeoutMs: 10_000 });
    expect(server.run('list-buffers')).toBe('');
  });

  it('presses allowlisted keys and refuses others', async () => {
    const file = await catSession('keys');
    await driver.sendKey('keys', '1');
    await driver.sendKey('keys', 'Enter');
    await waitFor('key bytes', () => fs.readFileSync(file, 'utf8') === '1\r');
    await expect(driver.sendKey('keys', 'echo hi')).rejects.toBeInstanceOf(TmuxArgumentError);
    await expect(driver.sendKey('keys', 'F12')).rejects.toBeInstanceOf(TmuxArgumentError);
  });

  it('captures the visible screen without joining wrapped lines, and history on request', async () => {
    await driver.newSession('cap', {
      cwd: dir,
      command: ['sh', '-c', `for i in $(seq 1 50); do echo line$i; done; printf '%s' "$(printf 'w%.0s' $(seq 1 30))"; sleep 60`],
      width: 20,
      height: 10,
    });
    await waitFor('drawn', async () => (await driver.capture('cap')).includes('w'.repeat(20)));
    const screen = await driver.capture('cap');
    const rows = screen.split('\n');
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(screen).not.toContain('line1\n');
    expect(rows).toContain('w'.repeat(20)); // wrapped at the pane width, not joined
    const withHistory = await driver.capture('cap', { history: 100 });
    expect(withHistory).toContain('line1\n');
  });

  it('reads several screens in one tmux process (none through the control client), each exactly as capture() reads it', async () => {
    for (const [name, text] of [['m1', 'first pane'], ['m2', 'second\n\npane'], ['m3', '']]) {
      await driver.newSession(name!, { cwd: dir, command: ['sh', '-c', `printf '%s' '${text}'; sleep 60`], width: 40, height: 6 });
    }
    await waitFor('drawn', async () => (await driver.capture('m2')).includes('pane'));
    const before = driver.calls;
    const screens = await Promise.all(['m1', 'm2', 'm3'].map((n) => driver.screen(n)));
    expect(driver.calls - before).toBe(control ? 0 : 1);
    for (const [i, name] of ['m1', 'm2', 'm3'].entries()) expect(screens[i]!.text).toBe(await driver.capture(name));
    expect(screens[1]!.text).toContain('second\n\npane');
    const mixed = await Promise.allSettled(['m1', 'ghost', 'm2'].map((n) => driver.screen(n)));
    expect(mixed.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((mixed[1] as PromiseRejectedResult).reason).toBeInstanceOf(TmuxSessionGoneError);
  });

  it('pipes pane output to a shell command and closes the pipe', async () => {
    const out = path.join(dir, 'pipe.out');
    await driver.newSession('pipe', { cwd: dir, command: ['sh', '-c', 'read x; echo got-$x; sleep 60'] });
    await driver.pipePane('pipe', `cat >> '${out}'`);
    expect((await driver.listSessions())[0]!.panePipe).toBe(true);
    await driver.sendLiteral('pipe', 'ping');
    await driver.sendKey('pipe', 'Enter');
    await waitFor('piped output', () => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('got-ping'));
    await driver.pipePane('pipe', null);
    expect((await driver.listSessions())[0]!.panePipe).toBe(false);
  });

  it('sets the session environment', async () => {
    await driver.newSession('env', { cwd: dir, command: ['sleep', '60'] });
    await driver.setEnvironment('env', 'ARCHITECT_DB', '/tmp/x y.db');
    expect(server.run('show-environment', '-t', '=env', 'ARCHITECT_DB').trim()).toBe('ARCHITECT_DB=/tmp/x y.db');
    await expect(driver.setEnvironment('env', 'BAD-KEY', 'v')).rejects.toBeInstanceOf(TmuxArgumentError);
  });

  it('raises typed errors: no server, gone session, bad names, timeouts', async () => {
    const none = new TmuxDriver({ socket: `${server.socket}-none`, controlMode: control });
    const err = await none.listSessions().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TmuxServerNotRunningError);
    expect(err).toMatchObject({ args: ['list-sessions', expect.any(String), expect.any(String)], exitCode: 1 });
    expect((err as TmuxError).stderr).toMatch(/no server running|error connecting/);
    expect(await none.listSessionsOrEmpty()).toEqual([]);
    expect(await none.hasSession('x')).toBe(false);
    await expect(none.capture('x')).rejects.toBeInstanceOf(TmuxServerNotRunningError);

    await driver.newSession('alive', { cwd: dir, command: ['sleep', '60'] });
    const gone = await driver.capture('ghost').catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(TmuxSessionGoneError);
    expect(gone).toMatchObject({ code: 'TMUX_SESSION_GONE', args: ['capture-pane', '-p', '-t', '=ghost:'] });
    await expect(driver.sendLiteral('ghost', 'x')).rejects.toBeInstanceOf(TmuxSessionGoneError);
    await expect(driver.pasteText('ghost', 'x')).rejects.toBeInstanceOf(TmuxSessionGoneError);
    expect(server.run('list-buffers')).toBe(''); // the failed paste left no buffer behind

    await expect(driver.newSession('bad name', { cwd: dir })).rejects.toBeInstanceOf(TmuxArgumentError);
    await expect(driver.capture('x;rm')).rejects.toBeInstanceOf(TmuxArgumentError);
    expect(() => new TmuxDriver({ socket: '../x' })).toThrow(TmuxArgumentError);

    const slow = new TmuxDriver({ socket: server.socket, tmuxPath: path.join(dir, 'slow-tmux'), timeoutMs: 100, controlMode: control });
    fs.writeFileSync(path.join(dir, 'slow-tmux'), '#!/bin/sh\nsleep 5\n', { mode: 0o755 });
    await expect(slow.listSessions()).rejects.toBeInstanceOf(TmuxTimeoutError);
  });
});

describe('names and chunks', () => {
  it('builds exact targets', () => {
    expect(exactTarget('dev')).toBe('=dev:');
    expect(exactTarget('dev:1')).toBe('=dev:1');
    expect(exactTarget('a.b:0.1')).toBe('=a_b:0.1');
    expect(() => exactTarget('=dev')).toThrow(TmuxArgumentError);
    expect(() => exactTarget('')).toThrow(TmuxArgumentError);
  });

  it('never splits a code point', () => {
    const text = '🎉'.repeat(10);
    const chunks = chunkUtf8(text, 9);
    expect(chunks.join('')).toBe(text);
    for (const c of chunks) expect(Buffer.byteLength(c)).toBeLessThanOrEqual(9);
  });
});
