import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeArgv, groupMembers, inspectForeground, readProc } from './procTree';

/** A directory laid out like /proc: <pid>/stat and <pid>/cmdline. */
let root: string;
beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-proc-'))));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function proc(pid: number, o: { comm: string; ppid: number; pgrp: number; sid: number; tpgid: number; argv: string[] }): void {
  fs.mkdirSync(path.join(root, String(pid)));
  // Real stat lines: pid (comm) state ppid pgrp session tty_nr tpgid flags …
  fs.writeFileSync(path.join(root, String(pid), 'stat'), `${pid} (${o.comm}) S ${o.ppid} ${o.pgrp} ${o.sid} 34817 ${o.tpgid} 4194560 0 0 0\n`);
  fs.writeFileSync(path.join(root, String(pid), 'cmdline'), o.argv.map((a) => `${a}\0`).join(''));
}

const isClaude = ({ argv }: { argv: string[] }) => argv[0] === 'claude' || (argv[0] === 'node' && (argv[1] ?? '').endsWith('claude.mjs'));

describe('readProc', () => {
  it('parses a comm with spaces and parentheses, and the NUL-separated argv', () => {
    proc(10, { comm: 'tmux: server (x)', ppid: 1, pgrp: 10, sid: 10, tpgid: -1, argv: ['tmux', '-L', 's'] });
    expect(readProc(10, root)).toEqual({ pid: 10, comm: 'tmux: server (x)', ppid: 1, pgrp: 10, session: 10, tpgid: -1, argv: ['tmux', '-L', 's'] });
    expect(readProc(11, root)).toBeUndefined();
  });
  it('reads this very process from the real /proc', () => {
    const me = readProc(process.pid);
    expect(me?.pid).toBe(process.pid);
    expect(me?.ppid).toBe(process.ppid);
    expect(me?.argv[0]).toMatch(/node/);
  });
});

describe('inspectForeground', () => {
  it('a user shell with the agent typed into it: the agent leads the foreground group', () => {
    proc(100, { comm: 'bash', ppid: 1, pgrp: 100, sid: 100, tpgid: 200, argv: ['-bash'] });
    proc(200, { comm: 'claude', ppid: 100, pgrp: 200, sid: 100, tpgid: 200, argv: ['claude'] });
    proc(201, { comm: 'bash', ppid: 200, pgrp: 200, sid: 100, tpgid: 200, argv: ['bash', '-c', 'npm test'] });
    expect(inspectForeground(100, isClaude, root)).toMatchObject({ agent: true, pgid: 200, process: { pid: 200 } });
  });
  it('the agent exited: the shell is back in the foreground', () => {
    proc(100, { comm: 'bash', ppid: 1, pgrp: 100, sid: 100, tpgid: 100, argv: ['-bash'] });
    expect(inspectForeground(100, isClaude, root)).toMatchObject({ agent: false, pgid: 100, process: { pid: 100, argv: ['-bash'] } });
  });
  it('sh -c "agent; exec bash": the agent is a member of sh\'s group, not its leader', () => {
    proc(300, { comm: 'sh', ppid: 1, pgrp: 300, sid: 300, tpgid: 300, argv: ['/bin/sh', '-c', 'node claude.mjs; exec bash'] });
    proc(301, { comm: 'node', ppid: 300, pgrp: 300, sid: 300, tpgid: 300, argv: ['node', 'claude.mjs'] });
    // Another terminal's process with the same group number can never count (other session).
    proc(302, { comm: 'node', ppid: 1, pgrp: 300, sid: 999, tpgid: -1, argv: ['node', 'claude.mjs'] });
    expect(inspectForeground(300, isClaude, root)).toMatchObject({ agent: true, process: { pid: 301 } });
    expect(groupMembers(300, 300, root).map((p) => p.pid)).toEqual([300, 301]);
    // Last time's agent pid is tried first; a hint into another terminal's session never counts.
    expect(inspectForeground(300, isClaude, root, 301)).toMatchObject({ agent: true, process: { pid: 301 } });
    fs.rmSync(path.join(root, '301'), { recursive: true });
    expect(inspectForeground(300, isClaude, root, 302)).toMatchObject({ agent: false });
    proc(301, { comm: 'node', ppid: 300, pgrp: 300, sid: 300, tpgid: 300, argv: ['node', 'claude.mjs'] });
    fs.rmSync(path.join(root, '301'), { recursive: true });
    expect(inspectForeground(300, isClaude, root)).toMatchObject({ agent: false, process: { pid: 300 } });
  });
  it('no verdict when the pane process is gone or has no terminal', () => {
    expect(inspectForeground(400, isClaude, root)).toBeUndefined();
    proc(401, { comm: 'x', ppid: 1, pgrp: 401, sid: 401, tpgid: -1, argv: ['x'] });
    expect(inspectForeground(401, isClaude, root)).toBeUndefined();
  });
});

describe('describeArgv', () => {
  it('joins and bounds', () => {
    expect(describeArgv(['node', 'a.mjs'])).toBe('node a.mjs');
    expect(describeArgv([])).toBeNull();
    expect(describeArgv(['x'.repeat(300)], 10)).toHaveLength(10);
  });
});
