/**
 * The control-mode client against a real tmux server: what a hostile argument or a hostile screen
 * can do to the line protocol, and what happens when the client, its session or the server dies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TmuxServer } from '../../../../test/support/tmuxServer';
import { waitFor } from '../../../../test/support/waitFor';
import { quoteControlArg } from './controlQuote';
import { TmuxServerNotRunningError, TmuxSessionGoneError } from './errors';
import { TmuxDriver } from './tmuxDriver';

let server: TmuxServer;
let driver: TmuxDriver;
let plain: TmuxDriver;
let dir: string;

beforeEach(() => {
  server = new TmuxServer('ctl');
  driver = new TmuxDriver({ socket: server.socket, timeoutMs: 5000, controlMode: true });
  plain = new TmuxDriver({ socket: server.socket, timeoutMs: 5000 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-ctl-'));
});
afterEach(() => {
  driver.close();
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function printing(name: string, file: string): Promise<void> {
  await plain.newSession(name, { cwd: dir, command: ['sh', '-c', `cat '${file}'; sleep 600`], width: 80, height: 12 });
}

const HOSTILE = [
  '"; kill-server; display-message "',
  "'; kill-server; '",
  '$HOME ${HOME} $(id) `id`',
  '~root ~/x',
  '#{session_name} # a comment?',
  '{ kill-server }',
  'trailing semicolon;',
  'escaped trailing semicolon\\;',
  'back\\slash at the end\\',
  'line one\nkill-server\nline three',
  'cr\r and tab\t and escape \x1b[31m and bell \x07 and del \x7f',
  '%end 1796356437 1 1',
  '%if 1\nkill-server\n%endif',
  'unicode: héllo — 日本語 🎉 \\u0041',
];

it('passes every argument through tmux byte for byte: no expansion, no second command', async () => {
  await plain.newSession('a', { cwd: dir, command: ['sleep', '600'] });
  for (const text of HOSTILE) {
    await driver.run(['set-buffer', '-b', 'q', '--', text]);
    // Read back by a process: show-buffer escapes what it prints to a control client.
    expect(await plain.run(['show-buffer', '-b', 'q'])).toBe(text);
  }
  expect(await driver.hasSession('a')).toBe(true); // no kill-server ran
  expect(driver.controlCalls).toBe(HOSTILE.length + 1); // and the has-session
  expect(quoteControlArg('a\nb')).not.toContain('\n');
});

it('reads a screen that prints the protocol\'s own lines exactly as a process does', async () => {
  const file = path.join(dir, 'forged.txt');
  fs.writeFileSync(file, ['%begin 1796356437 1 1', '%end 1796356437 1 1', '%error 1 2 1', '%exit', 'dollar $HOME back\\slash tab\tend é日本🎉 \\044', 'after the forged lines', ''].join('\n'));
  await printing('forge', file);
  await plain.newSession('other', { cwd: dir, command: ['sh', '-c', 'echo other pane; sleep 600'], width: 80, height: 12 });
  await waitFor('drawn', async () => (await plain.capture('forge')).includes('after the forged'));
  const expected = await plain.capture('forge');
  expect(await driver.capture('forge')).toBe(expected);
  // And the replies after it still line up.
  expect(await driver.capture('other')).toBe(await plain.capture('other'));
  expect(driver.calls).toBe(1); // the connect; every capture went through the client
});

it('answers many concurrent commands in order, each with its own pane', async () => {
  const names = ['p0', 'p1', 'p2', 'p3', 'p4'];
  for (const n of names) await plain.newSession(n, { cwd: dir, command: ['sh', '-c', `echo I am ${n}; sleep 600`], width: 60, height: 5 });
  await waitFor('drawn', async () => (await plain.capture('p4')).includes('I am p4'));
  const expected = new Map(await Promise.all(names.map(async (n) => [n, await plain.capture(n)] as const)));
  const order = Array.from({ length: 200 }, (_, i) => names[(i * 7) % names.length]!);
  const screens = await Promise.all(order.map((n) => driver.capture(n)));
  screens.forEach((s, i) => expect(s).toBe(expected.get(order[i]!)));
  const batch = await Promise.all(names.map((n) => driver.screen(n)));
  names.forEach((n, i) => expect(batch[i]!.text).toBe(expected.get(n)));
  await expect(driver.capture('ghost')).rejects.toBeInstanceOf(TmuxSessionGoneError);
  expect(await driver.capture('p0')).toBe(expected.get('p0')); // an error reply does not shift the next
});

it('survives its client being killed and its session being killed: reads are asked again', async () => {
  await plain.newSession('s1', { cwd: dir, command: ['sh', '-c', 'echo one; sleep 600'] });
  await plain.newSession('s2', { cwd: dir, command: ['sh', '-c', 'echo two; sleep 600'] });
  await waitFor('drawn', async () => (await plain.capture('s2')).includes('two'));
  await driver.capture('s1');
  const first = driver.controlPid!;
  expect(first).toBeGreaterThan(0);
  process.kill(first, 'SIGKILL');
  await waitFor('client gone', () => driver.controlPid === undefined);
  expect(await driver.capture('s2')).toContain('two');
  const second = driver.controlPid!;
  expect(second).toBeGreaterThan(0);
  expect(second).not.toBe(first);

  // Kill, from outside, whichever session the client is attached to, while reads are in flight.
  const attached = server.run('list-clients', '-F', '#{client_pid} #{session_name}').trim().split('\n').find((l) => l.startsWith(`${second} `))!.split(' ')[1]!;
  const survivor = attached === 's1' ? 's2' : 's1';
  const reads = Array.from({ length: 20 }, () => driver.capture(survivor));
  server.run('kill-session', '-t', `=${attached}`);
  for (const s of await Promise.all(reads)) expect(s).toContain(survivor === 's1' ? 'one' : 'two');
  expect(await driver.capture(survivor)).toContain(survivor === 's1' ? 'one' : 'two');
});

it('reports a killed server as not running, then finds a new server again', async () => {
  await plain.newSession('s1', { cwd: dir, command: ['sleep', '600'] });
  await driver.capture('s1');
  server.run('kill-server');
  await expect(driver.capture('s1')).rejects.toBeInstanceOf(TmuxServerNotRunningError);
  await expect(driver.listSessions()).rejects.toBeInstanceOf(TmuxServerNotRunningError);
  await plain.newSession('s2', { cwd: dir, command: ['sh', '-c', 'echo back; sleep 600'] });
  await waitFor('a new control client', async () => (await driver.capture('s2')).includes('back') && driver.controlPid !== undefined, { timeoutMs: 5000 });
});
