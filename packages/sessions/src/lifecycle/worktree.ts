import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { ArchitectError, type SessionConfig } from '@architect/core';

export class WorktreeError extends ArchitectError {
  constructor(session: string, message: string, data: Record<string, unknown> = {}) {
    super('WORKTREE_FAILED', `session ${session}: ${message}`, { session, ...data });
  }
}

function git(args: string[], timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * One git worktree per session, so agents never share a checkout: when the session's cwd does
 * not exist yet, `git -C <repo> worktree add [-b <branch>] <cwd> [<branch>]` creates it on the
 * configured branch (default architect/<session>), reusing the branch when it already exists.
 */
export async function ensureWorktree(session: SessionConfig): Promise<'created' | 'existing' | undefined> {
  if (!session.worktree) return undefined;
  if (fs.existsSync(session.cwd)) return 'existing';
  const { repo } = session.worktree;
  const branch = session.worktree.branch ?? `architect/${session.name}`;
  const known = await git(['-C', repo, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
  const args =
    known.code === 0
      ? ['-C', repo, 'worktree', 'add', session.cwd, branch]
      : ['-C', repo, 'worktree', 'add', '-b', branch, session.cwd];
  const r = await git(args);
  if (r.code !== 0) throw new WorktreeError(session.name, `git worktree add failed: ${r.stderr.trim()}`, { args, exitCode: r.code });
  return 'created';
}
