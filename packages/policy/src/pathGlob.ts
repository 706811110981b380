import { isWithin } from './paths';

/**
 * Read/Edit rule paths follow gitignore, as in Claude Code:
 *   `//abs/path`   absolute
 *   `~/path`       under the home directory
 *   `/path`        absolute too. (Claude Code reads it relative to the settings file; Architect's
 *                  rules live in one config shared by every session, so there is no such directory.)
 *   `./path`, `a/b` relative to the session's cwd
 *   `name`, `*.env` (no slash) a file or directory of that name anywhere below the cwd
 * `*` and `?` stay within one path segment, `**` spans segments, a trailing `/` means "everything
 * below", and a pattern that names a directory also covers everything inside it.
 */
export function pathRuleMatches(pattern: string, absPath: string, cwd: string, home: string): boolean {
  let base: string;
  let glob: string;
  let anchored = true;
  if (pattern.startsWith('//')) [base, glob] = ['/', pattern.slice(2)];
  else if (pattern.startsWith('~/')) [base, glob] = [home, pattern.slice(2)];
  else if (pattern.startsWith('/')) [base, glob] = ['/', pattern.slice(1)];
  else if (pattern.startsWith('./')) [base, glob] = [cwd, pattern.slice(2)];
  else {
    base = cwd;
    glob = pattern;
    anchored = glob.replace(/\/$/, '').includes('/');
  }
  glob = glob.replace(/\/+$/, '/**').replace(/^\/+/, '');
  if (!isWithin(absPath, base)) return false;
  const rel = base === '/' ? absPath.slice(1) : absPath.slice(base.length + 1);
  if (glob === '' || glob === '**') return true;

  const re = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${globToRegex(glob)}$`, 's');
  // gitignore: a pattern that matches a directory matches everything inside it.
  const segments = rel.split('/');
  for (let i = 1; i <= segments.length; i++) {
    if (re.test(segments.slice(0, i).join('/'))) return true;
  }
  return false;
}

export function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '/' && glob.slice(i) === '/**') {
      out += '(?:/.*)?';
      break;
    } else if (ch === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      out += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += (glob[++i] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}
