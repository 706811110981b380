// CPU time of a process from /proc, for the "idle costs ≤ N% of a core" bars.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime + cutime + cstime in clock ticks: reaped children (tmux clients) count too. */
export function procCpu(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11..14] = utime, stime, cutime, cstime (fields 14-17 of proc(5))
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
}

/** Own utime + stime of the live children of `pid` (a long-lived tmux control client is one). */
function liveChildrenCpu(pid) {
  let sum = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) sum += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone between the listing and the read
    }
  }
  return sum;
}

/** The process, its reaped children and its live children (clock ticks). */
export function treeCpu(pid) {
  return procCpu(pid) + liveChildrenCpu(pid);
}

/** CPU of `pid` over the next `ms`, as a percentage of one core, its children included. */
export async function cpuOver(pid, ms) {
  const a = treeCpu(pid);
  const ownA = procCpu(pid);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = treeCpu(pid);
  const ownB = procCpu(pid);
  const wall = Date.now() - t0;
  const cpuMs = ((b - a) / TICKS) * 1000;
  const ownMs = ((ownB - ownA) / TICKS) * 1000;
  // `ownPercent`: the process alone (and children it reaped), without its live tmux client.
  return { percent: (cpuMs / wall) * 100, ownPercent: (ownMs / wall) * 100, cpuMs, wall };
}
