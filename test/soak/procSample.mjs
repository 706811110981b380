// Resident memory and CPU of a process from /proc (no native module): VmRSS from status, utime +
// stime from stat (clock ticks; 100 per second on Linux unless CLK_TCK says otherwise).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticksPerSecond;
function clkTck() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** { rssMb, cpuSeconds } now, or undefined when the process is gone. */
export function procSample(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMb: Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024, cpuSeconds: ticks / clkTck() };
  } catch {
    return undefined;
  }
}
