import fs from 'node:fs';
import { posix } from 'node:path';
import type { PolicyContext } from './types';

/**
 * Symbolic links are followed on the real file system: `deploy-keys/id_ed25519` inside the
 * workspace may be `~/.ssh/id_ed25519`. The longest existing prefix is resolved and the rest
 * appended (a file about to be created lives where its directory really is). A context may
 * pass its own `realpath` (tests, another root); `/proc/<pid>/root` is the root directory and
 * `/proc/self/cwd` the session's cwd, as the kernel makes them.
 */
export function realOf(abs: string, ctx: PolicyContext): string {
  const viaProc = procAlias(abs, ctx.cwd);
  if (viaProc !== abs) return realOf(viaProc, ctx);
  if (ctx.realpath) return ctx.realpath(abs);
  return realOnDisk(abs);
}

function realOnDisk(abs: string): string {
  const tail: string[] = [];
  let head = abs;
  for (let i = 0; i < 64; i++) {
    try {
      const real = fs.realpathSync.native(head);
      return tail.length ? posix.join(real, ...tail.reverse()) : real;
    } catch {
      if (head === '/') return abs;
      tail.push(posix.basename(head));
      head = posix.dirname(head);
    }
  }
  return abs;
}

function procAlias(abs: string, cwd: string): string {
  const root = /^\/proc\/(self|thread-self|\d+)\/root(\/.*)?$/.exec(abs);
  if (root) return posix.resolve('/', root[2] ?? '/');
  const here = /^\/proc\/(self|thread-self)\/cwd(\/.*)?$/.exec(abs);
  if (here) return posix.join(cwd, here[2] ?? '');
  return abs;
}
