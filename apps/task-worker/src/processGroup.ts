import fs from 'node:fs';
import { abortableSleep } from '@architect/core';

/**
 * A task runs as the leader of its own process group (spawned detached), so signalling -pgid
 * reaches everything it started, including `cmd &` children whose parent shell already exited.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPERM') return true;
    return false; // ESRCH: the group is gone
  }
}

/**
 * True while a process of the group is alive. Zombies do not count: orphans are reparented to
 * PID 1, which in containers often never reaps them, so `kill(-pgid, 0)` can succeed forever.
 * On Linux we read /proc; elsewhere we fall back to the signal probe.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return true;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp ... — comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}

/**
 * SIGTERM the whole group, then SIGKILL whatever is still alive after `graceMs`. Resolves once
 * the group is gone (or a second after SIGKILL, which cannot be ignored).
 */
export async function killGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  if (await waitGone(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitGone(pgid, 1000);
}

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await abortableSleep(Math.min(50, deadline - Date.now()));
  }
}
