// Resident memory of a process, for the "each daemon <= 100 MB" bars (SPEC §11), and the baseline
// beside it: an idle bare node process measured in the same run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export function residentMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

export async function bareNodeRssMb() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const mb = residentMb(child.pid);
  child.kill();
  return mb;
}
