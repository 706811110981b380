/** The files a scan reads: git's tracked files minus vendored, generated and lock files. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ArchitectError } from '@architect/core';

const run = promisify(execFile);

export class NotAGitRepoError extends ArchitectError {
  constructor(dir: string, cause: unknown) {
    super('NOT_A_GIT_REPO', `${dir} is not a git work tree (git ls-files failed)`, { dir }, { cause });
  }
}

const SKIP_DIRS = new Set(['node_modules', 'vendor', 'dist', 'build', '.git', 'third_party', 'coverage', '.next', '__pycache__', 'target', 'bower_components']);
const LOCKFILES = new Set(['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'cargo.lock', 'gemfile.lock', 'poetry.lock', 'composer.lock', 'go.sum', 'bun.lockb', 'flake.lock']);

/** Why a tracked path is not read, or undefined when it is a candidate. */
export function skipReason(file: string): string | undefined {
  const parts = file.split('/');
  if (parts.slice(0, -1).some((d) => SKIP_DIRS.has(d))) return 'vendored';
  const base = parts[parts.length - 1]!.toLowerCase();
  if (LOCKFILES.has(base) || base.endsWith('.lock')) return 'lockfile';
  if (/\.min\.(js|css|mjs)$/.test(base) || base.endsWith('.map')) return 'minified';
  return undefined;
}

export async function gitTrackedFiles(dir: string): Promise<string[]> {
  try {
    // argv, never a shell: the path is the user's. -z keeps odd file names intact.
    const { stdout } = await run('git', ['-C', dir, 'ls-files', '-z'], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout.split('\0').filter(Boolean);
  } catch (err) {
    throw new NotAGitRepoError(dir, err);
  }
}
