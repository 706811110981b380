// A fake agent's record file (one JSON object per line), as the benches read it while the agent
// still writes: a line cut mid-write is skipped, the next read has it whole.
import fs from 'node:fs';

/** Every complete record in `file` (none when it does not exist yet). */
export function readRecord(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
}
