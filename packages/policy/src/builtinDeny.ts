import { literalArg, type Arg } from './args';
import { checkFind, checkRm } from './deleteRules';
import { checkFileWrites, checkSed, checkToolOutputs } from './fileWrites';
import { checkGit } from './gitRules';
import { checkSecretArgs } from './secretArgs';
import { checkSystem } from './systemRules';
import { checkExecOptions } from './execOptions';
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
  out.push(checkExecOptions(name, args));
  return out;
}
