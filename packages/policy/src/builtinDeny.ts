import { basename, literalArg, type Arg } from './args';
import { checkFind, checkRm } from './deleteRules';
import { checkFileWrites, checkSed, checkToolOutputs } from './fileWrites';
import { checkGit } from './gitRules';
import { checkSecretArgs } from './secretArgs';
import { checkSystem } from './systemRules';
import type { CheckEnv, Verdict } from './verdict';

const DELETERS = new Set(['rm', 'rmdir', 'unlink', 'shred', 'srm']);

/**
 * The built-in list, for one command after its wrappers are stripped. No config rule can lift
 * what these return. (Interpreters and `bash -c` are judged separately, in interpJudge.)
 */
export function builtinVerdicts(name: string, args: Arg[], env: CheckEnv): Array<Verdict | null> {
  const out: Array<Verdict | null> = [checkSystem(name, args), checkSecretArgs(name, args, env)];
  if (DELETERS.has(name)) out.push(checkRm(name, args, env));
  // rimraf and friends are `rm -rf` by another name.
  if (name === 'rimraf' || name === 'del-cli' || name === 'del') out.push(checkRm('rm', [literalArg('-r'), ...args], env));
  if (name === 'find') out.push(checkFind(args, env));
  if (name === 'git') out.push(checkGit(args, env));
  if (name === 'sed') out.push(checkSed(args, env));
  out.push(checkFileWrites(name, args, env), checkToolOutputs(name, args, env));
  const runner = packageRunnerTarget(name, args);
  if (runner?.[0]?.text) out.push(...builtinVerdicts(basename(runner[0].text), runner.slice(1), env));
  return out;
}

/**
 * `npx rimraf /`, `pnpm dlx …`, `npm exec -- …`: the package runner itself is harmless, the
 * program it runs is not, so the built-in list also looks at that program. (Rules still match
 * the command as written, `Bash(npx prettier *)`, as in Claude Code.)
 */
function packageRunnerTarget(name: string, args: Arg[]): Arg[] | null {
  const words = args.map((a) => a.text);
  let start = -1;
  if (name === 'npx' || name === 'pnpx' || name === 'bunx') start = 0;
  else if ((name === 'pnpm' || name === 'yarn') && (words[0] === 'dlx' || words[0] === 'exec')) start = 1;
  else if (name === 'npm' && (words[0] === 'exec' || words[0] === 'x')) start = 1;
  else if (name === 'bun' && words[0] === 'x') start = 1;
  if (start === -1) return null;
  let i = start;
  while (i < args.length && (words[i] ?? '').startsWith('-')) i += /^(-p|--package|-c|--call)$/.test(words[i] ?? '') ? 2 : 1;
  return args.slice(i);
}
