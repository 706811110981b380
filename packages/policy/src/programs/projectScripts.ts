import fs from 'node:fs';
import { posix } from 'node:path';

/**
 * The script names in the package.json nearest above `cwd` (`pnpm build` runs the `build`
 * script). Read synchronously, small; an unreadable or malformed file has no scripts.
 */
export function projectScripts(cwd: string): Set<string> {
  let dir = cwd;
  for (let i = 0; i < 64; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(posix.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
      return new Set(Object.keys(pkg.scripts ?? {}));
    } catch {
      if (dir === '/') return new Set();
      dir = posix.dirname(dir);
    }
  }
  return new Set();
}
