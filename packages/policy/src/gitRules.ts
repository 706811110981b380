import { shortFlags, type Arg } from './args';
import { writeVerdict } from './fileWrites';
import { isWithin } from './paths';
import { deny, escalate, resolveIn, worst, type CheckEnv, type Verdict } from './verdict';

/** Global options that take a value as the next word. */
const VALUE_OPTS = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env']);

/** Config keys whose value git runs as a program (or that redirect where git talks to). */
const EXEC_CONFIG = /^(alias\.|core\.(pager|editor|hookspath|fsmonitor|sshcommand|gitproxy|askpass)$|diff\.external$|diff\..+\.(textconv|command)$|filter\.|merge\..+\.driver$|credential\.|url\..+\.(insteadof|pushinsteadof)$|remote\..+\.(uploadpack|receivepack)$|sequence\.editor$|gpg\.program$|pager\.)/i;

const RISKY = new Set(['rm', 'bisect', 'submodule', 'push', 'reset', 'checkout', 'clean', 'branch', 'stash', 'restore', 'switch', 'update-ref', 'reflog', 'gc', 'config', 'clone']);

/**
 * git's destructive verbs: anything that throws away work that is not committed or pushed
 * (reset --hard, checkout/restore over changes, clean -f, stash drop), rewrites what others
 * have (push --force), or erases history and its safety nets (branch -D, filter-branch,
 * reflog expire, gc --prune=now).
 */
export function checkGit(args: Arg[], env: CheckEnv): Verdict | null {
  let elsewhere: Verdict | null = null;
  let i = 0;
  for (; i < args.length; i++) {
    const t = args[i]?.text ?? null;
    if (t === null) return escalate('dynamic-command', 'git with an argument that cannot be read before its subcommand');
    if (!t.startsWith('-')) break;
    const name = t.split('=')[0] as string;
    if (name === '-c' || name === '--config-env') {
      return escalate('git-config-override', 'git -c can point hooks, pagers and aliases at any program');
    }
    if (name === '-C' || name === '--git-dir' || name === '--work-tree') {
      const value = t.includes('=') ? { ...(args[i] as Arg), text: t.slice(t.indexOf('=') + 1) } : args[i + 1];
      if (!value || resolveIn(env, value).some((r) => r === null || !isWithin(r.abs, env.ctx.cwd))) {
        elsewhere = escalate('git-outside-cwd', `git ${t} works on a repository outside the workspace`);
      }
    }
    if (VALUE_OPTS.has(t)) i++;
  }
  return worst([subcommandVerdict(args[i]?.text, args.slice(i + 1), env), elsewhere]);
}

function subcommandVerdict(sub: string | null | undefined, rest: Arg[], env: CheckEnv): Verdict | null {
  const words = rest.map((a) => a.text ?? '');
  // git accepts any unambiguous prefix of a long option (`--har` is `--hard`): count prefixes too.
  const has = (...flags: string[]) =>
    words.some((w) => flags.some((f) => w === f || w.startsWith(`${f}=`) || (f.startsWith('--') && w.startsWith('--') && w.length >= 4 && f.startsWith(w.split('=')[0] as string))));
  const shortHas = (letter: string) => words.some((w) => shortFlags(w)?.includes(letter));
  const say = (what: string) => `git ${sub} ${what}`;
  if (RISKY.has(sub ?? '') && rest.some((a) => a.text === null)) {
    return escalate('git-unresolved', say('has an argument that cannot be read, and this subcommand can destroy work'));
  }

  switch (sub) {
    case 'reset':
      if (has('--hard', '--merge')) return deny('git-reset-hard', say('discards uncommitted work'));
      return null;
    case 'checkout':
      if (words.includes('--') || words.includes('.') || has('--force', '--ours', '--theirs') || shortHas('f')) {
        return deny('git-checkout-discard', say('overwrites uncommitted changes in the working tree'));
      }
      if (words.some((w) => !w.startsWith('-') && /\.[A-Za-z0-9]+$|^\.\/|\*/.test(w))) {
        return escalate('git-checkout-path', say('looks like it restores a file, which discards its changes'));
      }
      return null;
    case 'restore': {
      const stagedOnly = has('--staged', '-S') && !has('--worktree', '-W');
      return stagedOnly ? null : deny('git-restore', say('discards changes in the working tree'));
    }
    case 'switch':
      return has('--discard-changes', '--force') || shortHas('f') ? deny('git-switch-discard', say('discards local changes')) : null;
    case 'clean':
      return has('--force') || shortHas('f') ? deny('git-clean', say('deletes untracked files')) : null;
    case 'push':
      if (has('--force', '--force-with-lease', '--force-if-includes', '--mirror') || shortHas('f') || words.some((w) => w.startsWith('+'))) {
        return deny('git-push-force', say('rewrites history on the remote'));
      }
      if (has('--delete', '--prune') || shortHas('d') || words.some((w) => /^:[^:]/.test(w))) {
        return deny('git-push-delete', say('deletes branches or tags on the remote'));
      }
      return null;
    case 'branch':
      if (words.includes('-D') || words.includes('-M') || words.includes('-C') || ((has('--delete') || shortHas('d')) && (has('--force') || shortHas('f')))) {
        return deny('git-branch-force', say('force-deletes or overwrites a branch'));
      }
      return null;
    case 'stash':
      return words[0] === 'drop' || words[0] === 'clear' ? deny('git-stash-drop', say('throws away stashed work')) : null;
    case 'rebase':
      return escalate('git-rebase', 'git rebase rewrites history and may stop for conflicts');
    case 'filter-branch':
    case 'filter-repo':
      return deny('git-filter', say('rewrites the whole history'));
    case 'update-ref':
      return has('-d', '--stdin') ? deny('git-update-ref', say('deletes or rewrites refs')) : null;
    case 'reflog':
      return words[0] === 'expire' || words[0] === 'delete' ? deny('git-reflog', say('erases the reflog, the last way back')) : null;
    case 'gc':
      return words.some((w) => /^--prune=(now|all)/.test(w)) ? deny('git-gc-prune', say('deletes unreachable commits at once')) : null;
    case 'prune':
      return escalate('git-prune', 'git prune deletes unreachable objects');
    case 'config': {
      const reading = has('--get', '--get-all', '--get-regexp', '--list', '-l', '--show-origin');
      if (has('--global', '--system') && !reading) return deny('git-config-global', say('changes configuration outside the workspace'));
      if (!reading && words.some((w) => EXEC_CONFIG.test(w))) return escalate('git-config-exec', say('sets a key that makes git run a program'));
      const file = rest.find((a, k) => (words[k - 1] === '--file' || words[k - 1] === '-f') && a.text !== null);
      return file && !reading ? writeVerdict(file, env, 'git config --file') : null;
    }
    case 'rm':
      return has('--force') || shortHas('f') ? deny('git-rm-force', say('--force discards uncommitted changes')) : null;
    case 'bisect':
      return words[0] === 'run' ? escalate('git-runs-command', say('runs a command')) : null;
    case 'submodule':
      if (words.includes('foreach')) return escalate('git-runs-command', say('foreach runs a command in every submodule'));
      return has('--force') || shortHas('f') ? escalate('git-force', say('--force can discard work')) : null;
    case 'worktree':
      return has('--force') || shortHas('f') ? escalate('git-force', say('--force can discard work')) : null;
    case 'clone': {
      const operands = rest.filter((a) => !(a.text ?? '').startsWith('-'));
      const dest = operands.length >= 2 ? operands.at(-1) : undefined;
      if (dest && resolveIn(env, dest).some((r) => r === null || !isWithin(r.abs, env.ctx.cwd))) {
        return deny('write-outside-cwd', say(`writes ${dest.raw}, outside the workspace`));
      }
      return null;
    }
    default:
      return null;
  }
}
