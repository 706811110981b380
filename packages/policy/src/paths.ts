import fs from 'node:fs';
import { posix } from 'node:path';

/**
 * Path arithmetic. Every path the engine reasons about is absolute and normalized; symbolic
 * links are followed by realPath.ts where a check needs the real location, and here only for
 * `..` after a link.
 */

/**
 * Expand `~` and `~/…` against home and `~+` against the directory; `~user` and `~-` (OLDPWD)
 * are unknown here, so they resolve to nothing and count as the worst case.
 */
export function expandTilde(text: string, home: string, cwd = ''): string | null {
  if (text === '~') return home;
  if (text.startsWith('~/')) return home + text.slice(1);
  if ((text === '~+' || text.startsWith('~+/')) && cwd) return cwd + text.slice(2);
  if (text.startsWith('~')) return null;
  return text;
}

/**
 * Resolve a literal path (as an agent wrote it) against the working directory. A `..` after a
 * symbolic link climbs from the link's target, as the kernel does (`keys/../.bashrc` with
 * `keys → ~/.ssh` is `~/.bashrc`), so such paths are walked on the real file system.
 */
export function resolvePath(text: string, cwd: string, home: string): string | null {
  if (text === '') return null;
  const expanded = expandTilde(text, home, cwd);
  if (expanded === null) return null;
  const joined = expanded.startsWith('/') ? expanded : `${cwd}/${expanded}`;
  return /(^|\/)\.\.(\/|$)/.test(expanded) ? physical(joined) : posix.resolve(cwd, expanded);
}

function physical(joined: string): string {
  let cur = '/';
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      cur = posix.dirname(realOrSelf(cur));
      continue;
    }
    cur = cur === '/' ? `/${seg}` : `${cur}/${seg}`;
  }
  return cur;
}

function realOrSelf(path: string): string {
  try {
    return fs.realpathSync.native(path);
  } catch {
    return path;
  }
}

/** True when `path` is `root` or below it. */
export function isWithin(path: string, root: string): boolean {
  if (root === '/') return true;
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/** True when `path` is strictly below `root` (not `root` itself). */
export function isBelow(path: string, root: string): boolean {
  return path !== root && isWithin(path, root);
}

/** Devices a redirection may write to without touching any file. */
export function isHarmlessSink(path: string): boolean {
  return ['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/zero'].includes(path) || /^\/dev\/fd\/\d+$/.test(path);
}

/**
 * Where a write may go: strictly inside the session's cwd, or a harmless device. Writing the
 * cwd directory entry itself (e.g. `mv . x`, `chmod 000 .`) counts as outside.
 */
export function isWritable(path: string, cwd: string): boolean {
  return isBelow(path, cwd) || isHarmlessSink(path);
}

/** Writes inside cwd that still need a human: git internals and the agent's own permission settings. */
export function sensitiveInsideCwd(path: string, cwd: string): string | null {
  const rel = path.slice(cwd.length + 1);
  if (rel === '.git' || rel.startsWith('.git/')) return 'git internals (.git/)';
  if (/^\.claude\/settings(\.local)?\.json$/.test(rel)) return "the agent's permission settings";
  return null;
}
