/**
 * Reading the process table (/proc) to learn what runs in a tmux pane's foreground. The screen
 * can lie — an agent that exited leaves its last screen behind, and a shell prompt under it —
 * the process table does not. Linux only; the root is a parameter so tests can hand in a
 * directory laid out like /proc.
 *
 * The foreground is a process *group*: the terminal's tpgid, read from the pane's first process
 * (`#{pane_pid}`). Its leader is usually the program in question (`claude`, or the shell again
 * once it exited); when the agent was started by a non-interactive `sh -c '…'` the leader is
 * that sh and the agent a member of its group, so the group's other members are looked at too
 * (one scan of /proc, ~2 ms for 100 processes; only when the leader is not the agent).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** Process group. */
  pgrp: number;
  /** Session id (the pane's first process leads it). */
  session: number;
  /** Foreground process group of the controlling terminal (-1: none). */
  tpgid: number;
  /** The kernel's short name (15 chars). */
  comm: string;
  argv: string[];
  /** When the process started, ms since the epoch (undefined when /proc does not say). */
  startedAt?: number;
}

export const PROC_ROOT = '/proc';

/** `/proc/<pid>/stat` and `cmdline`; undefined when the process is gone (or unreadable). */
export function readProc(pid: number, root = PROC_ROOT): ProcInfo | undefined {
  const stat = readStat(pid, root);
  return stat && { ...stat, argv: readArgv(pid, root) };
}

/** `/proc/<pid>/stat` alone (what a scan of every process needs). */
function readStat(pid: number, root: string): Omit<ProcInfo, 'argv'> | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(path.join(root, String(pid), 'stat'), 'utf8');
  } catch {
    return undefined;
  }
  // comm may hold spaces and parentheses: the fields after it start at the LAST ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const f = stat.slice(close + 2).split(' ');
  const info = { pid, comm: stat.slice(open + 1, close), ppid: Number(f[1]), pgrp: Number(f[2]), session: Number(f[3]), tpgid: Number(f[5]) };
  // Field 22, starttime: clock ticks after boot (USER_HZ, 100 on Linux) — plus the boot time.
  const ticks = Number(f[19]);
  const boot = bootTimeMs(root);
  return Number.isFinite(ticks) && f[19] !== undefined && boot !== undefined ? { ...info, startedAt: boot + ticks * 10 } : info;
}

const bootTimes = new Map<string, number | undefined>();

/** `btime` of `<root>/stat`, in ms, read once per root. */
function bootTimeMs(root: string): number | undefined {
  if (!bootTimes.has(root)) {
    let at: number | undefined;
    try {
      const m = /^btime (\d+)$/m.exec(fs.readFileSync(path.join(root, 'stat'), 'utf8'));
      at = m ? Number(m[1]) * 1000 : undefined;
    } catch {
      at = undefined;
    }
    bootTimes.set(root, at);
  }
  return bootTimes.get(root);
}

function readArgv(pid: number, root: string): string[] {
  try {
    const raw = fs.readFileSync(path.join(root, String(pid), 'cmdline'), 'utf8');
    // A program that set its title (Claude Code sets "claude") may pad it with spaces or NULs.
    return raw.split('\0').map((a) => a.trim()).filter((a) => a !== '');
  } catch {
    return [];
  }
}

/** Every process whose stat says it belongs to process group `pgid` (and terminal session `sid`). */
export function groupMembers(pgid: number, sid: number, root = PROC_ROOT): ProcInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const out: ProcInfo[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const p = readStat(Number(n), root);
    if (p && p.pgrp === pgid && p.session === sid) out.push({ ...p, argv: readArgv(p.pid, root) });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

export interface ForegroundVerdict {
  /** The agent runs in the pane's foreground group. */
  agent: boolean;
  /** The agent's process when it runs, else the foreground leader (what the user would see). */
  process: ProcInfo | undefined;
  pgid: number;
}

/**
 * Is the agent (as `isAgent` recognises a process by its argv and name) in the foreground of the pane whose first process
 * is `panePid`? Undefined when the pane's process is gone or has no terminal (no verdict: the
 * session is being killed, or this is not Linux).
 */
export function inspectForeground(
  panePid: number,
  isAgent: (p: ProcInfo) => boolean,
  root = PROC_ROOT,
  /** Where the agent was found last time: checked before scanning the group (a few reads, not hundreds). */
  hintPid?: number,
): ForegroundVerdict | undefined {
  const pane = readProc(panePid, root);
  if (!pane || pane.tpgid <= 0) return undefined;
  const pgid = pane.tpgid;
  const leader = pgid === pane.pid ? pane : readProc(pgid, root);
  if (leader && isAgent(leader)) return { agent: true, process: leader, pgid };
  if (hintPid !== undefined && hintPid !== leader?.pid) {
    const hinted = readProc(hintPid, root);
    if (hinted && hinted.pgrp === pgid && hinted.session === pane.session && isAgent(hinted)) return { agent: true, process: hinted, pgid };
  }
  const members = groupMembers(pgid, pane.session, root);
  const agent = members.find((m) => isAgent(m));
  if (agent) return { agent: true, process: agent, pgid };
  return { agent: false, process: leader ?? members[0], pgid };
}

/** argv as one line for humans (`sessions list`, alerts), bounded. */
export function describeArgv(argv: string[] | undefined, max = 200): string | null {
  if (!argv || argv.length === 0) return null;
  const s = argv.join(' ');
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
