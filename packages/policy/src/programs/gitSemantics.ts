import type { Arg } from '../args';
import { GIT_SAFE_CONFIG } from './git';
import type { LineResult, ParsedLine } from './parseLine';

/**
 * What git's options alone do not say. A push without a refspec uses the configured ones,
 * which may force (`remote.x.push=+refs/…`, `remote.x.mirror`); `checkout <tree-ish> <path>`
 * and `checkout :/` overwrite files; `git config` may only set keys that run nothing.
 */
export function gitSemantics(line: ParsedLine): LineResult {
  const sub = line.path[1];
  const ops = line.operands.map((a: Arg) => a.text);
  const fail = (reason: string): LineResult => ({ ok: false, reason: `git ${sub}: ${reason}` });
  const has = (name: string) => line.options.some((o) => o.name === name);
  switch (sub) {
    case 'push':
      if (ops.length < 2) return fail('without an explicit refspec git pushes what the configuration says, which may be a forced or mirror push');
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
    default:
      return { ok: true, line };
  }
}
