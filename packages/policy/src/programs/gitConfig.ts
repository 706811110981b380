import fs from 'node:fs';
import { posix } from 'node:path';

/**
 * A bare `git push` pushes what the repository's configuration says. A `remote.<name>.mirror`
 * or a `push = +refs/…` refspec makes it a forced push that rewrites the remote. The config
 * of the repository around `cwd` is read (a small file, synchronously); a config that cannot be
 * read counts as forced. Returns why the push may be forced, or null.
 */
export function configuredForce(cwd: string): string | null {
  let dir = cwd;
  for (let i = 0; i < 64; i++) {
    const dotGit = posix.join(dir, '.git');
    let text: string | null = null;
    try {
      const stat = fs.statSync(dotGit);
      text = stat.isDirectory() ? fs.readFileSync(posix.join(dotGit, 'config'), 'utf8') : worktreeConfig(dotGit);
    } catch {
      text = null;
    }
    if (text !== null) {
      if (/^\s*mirror\s*=\s*(true|yes|on|1)\s*$/im.test(text)) return 'a remote is configured as a mirror';
      if (/^\s*push\s*=\s*\+/im.test(text)) return 'a push refspec starts with + (forced)';
      if (/^\s*(include|includeIf\s+"[^"]*")\s*\]?/im.test(text) || /^\s*\[include/im.test(text)) return 'the config includes other files the engine does not read';
      return null;
    }
    if (dir === '/') break;
    dir = posix.dirname(dir);
  }
  return 'no repository configuration could be read';
}

/** A worktree's `.git` is a file pointing at the main repository's gitdir; its config is the common one. */
function worktreeConfig(dotGitFile: string): string | null {
  const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGitFile, 'utf8'));
  if (!m) return null;
  const gitdir = posix.resolve(posix.dirname(dotGitFile), (m[1] as string).trim());
  const common = posix.resolve(gitdir, '..', '..');
  return fs.readFileSync(posix.join(common, 'config'), 'utf8');
}
