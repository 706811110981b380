import type { Arg } from '../args';
import { GIT_SAFE_CONFIG } from './git';
import type { LineResult, ParsedLine } from './parseLine';
import { secretByName } from '../secrets';
import { configuredForce } from './gitConfig';

/**
 * What git's options alone do not say. A push without a refspec uses the configured ones,
 * which may force (`remote.x.push=+refs/…`, `remote.x.mirror`); `checkout <tree-ish> <path>`
 * and `checkout :/` overwrite files; `git config` may only set keys that run nothing.
 */
export function gitSemantics(line: ParsedLine, cwd: string | null): LineResult {
  const sub = line.path[1];
  const ops = line.operands.map((a: Arg) => a.text);
  const fail = (reason: string): LineResult => ({ ok: false, reason: `git ${sub}: ${reason}` });
  const has = (name: string) => line.options.some((o) => o.name === name);
  switch (sub) {
    case 'push':
      if (ops.length < 2) {
        const forced = cwd === null ? 'the repository is unknown' : configuredForce(cwd);
        if (forced) return fail(`without an explicit refspec git pushes what the configuration says: ${forced}`);
      }
      return { ok: true, line };
    case 'checkout':
    case 'switch':
      if (ops.some((o) => o === null || o.startsWith(':'))) return fail('a pathspec like :/ overwrites files in the working tree');
      if (sub === 'checkout' && ops.length > 1 && !has('-b')) return fail('checkout <tree-ish> <paths> overwrites those files');
      return { ok: true, line };
    case 'config': {
      const reading = has('--get') || has('--get-all') || has('--get-regexp') || has('--list') || has('-l') || (ops.length <= 1 && !has('--unset') && !has('--add'));
      if (reading) return { ok: true, line };
      const key = ops[0] ?? null;
      if (key === null || !GIT_SAFE_CONFIG.test(key)) return fail(`setting ${key ?? 'a key only known at run time'} is not in the list of keys that run nothing`);
      return { ok: true, line };
    }
    case 'show':
    case 'cat-file':
    case 'diff':
    case 'log':
    case 'grep':
    case 'archive': {
      // `git show HEAD:.env` prints a secret file from history.
      const spec = ops.find((o) => o !== null && /:/.test(o) && secretByName(`/x/${o.slice(o.indexOf(':') + 1)}`));
      return spec ? fail(`${spec} reads a secret file from the repository's history`) : { ok: true, line };
    }
    default:
      return { ok: true, line };
  }
}
