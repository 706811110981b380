import { posix } from 'node:path';
import { basename, literalArg, shortFlags, type Arg, type Resolved } from './args';
import { isBelow, isWithin } from './paths';
import { deny, escalate, resolveIn, worst, type CheckEnv, type Verdict } from './verdict';

/**
 * Deleting is judged on what would be gone: the file system root, the home directory, the
 * workspace itself or anything above it, anything outside it, and the repository's .git are
 * refused whatever the flags. Inside the workspace, deleting is left to the rules.
 */
export function deleteTargetVerdict(target: Resolved, env: CheckEnv, what: string, recursive: boolean): Verdict | null {
  const { cwd, home } = env.ctx;
  if (target === null) return escalate('delete-unresolved', `${what}: cannot tell what would be deleted`);
  const { abs, glob } = target;
  const fixed = glob ? fixedPrefix(abs) : abs;
  if (fixed === '/' && (!glob || abs.split('/').length <= 2)) return deny('rm-root', `${what} deletes the file system root`);
  if (!glob && isWithin(home, abs)) return deny('rm-home', `${what} deletes the home directory ${abs}`);
  if (!glob && isWithin(cwd, abs)) return deny('rm-workspace', `${what} deletes the workspace ${cwd} or a parent of it`);
  if (!isBelow(fixed, cwd) && !(glob && fixed === cwd)) {
    return deny(fixed === home || isWithin(home, fixed) ? 'rm-home' : 'rm-outside-cwd', `${what} deletes ${abs}, outside the workspace ${cwd}`);
  }
  if (glob && fixed === cwd && /^(\.?\*|\*\.\*|\.\[!.\]\*)$/.test(posix.basename(abs)) && posix.dirname(abs) === cwd) {
    return deny('rm-workspace', `${what} deletes everything in the workspace ${cwd}`);
  }
  const git = posix.join(cwd, '.git');
  if (recursive && (abs === git || (glob && fixed === git))) return deny('rm-git-dir', `${what} deletes the repository's history (.git)`);
  return null;
}

/** The directory part of a glob before its first wildcard segment. */
function fixedPrefix(absPattern: string): string {
  const segs = absPattern.split('/');
  const i = segs.findIndex((s) => /[*?[]/.test(s));
  return segs.slice(0, i === -1 ? segs.length : i).join('/') || '/';
}

/** rm, rmdir, unlink, shred, srm. Options may follow operands (GNU), so every word is scanned. */
export function checkRm(name: string, args: Arg[], env: CheckEnv): Verdict | null {
  let recursive = false;
  const targets: Arg[] = [];
  let endOfOptions = false;
  for (const a of args) {
    const t = a.text;
    if (!endOfOptions && t === '--') endOfOptions = true;
    else if (!endOfOptions && t !== null && t.startsWith('--')) {
      if (t === '--recursive') recursive = true;
    } else if (!endOfOptions && shortFlags(t)) {
      if (shortFlags(t)?.some((f) => f === 'r' || f === 'R')) recursive = true;
    } else targets.push(a);
  }
  if (name === 'shred' || name === 'srm') recursive = true;
  return worst(targets.flatMap((a) => resolveIn(env, a).map((r) => deleteTargetVerdict(r, env, `${name} ${a.raw}`, recursive))));
}

const FIND_FILTERS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname']);
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const DELETERS = new Set(['rm', 'rmdir', 'unlink', 'shred', 'srm']);

/**
 * `find ROOTS… EXPR`: `-delete` and `-exec rm` delete below each root. A root inside the
 * workspace is left to the rules; the workspace root itself only with a name filter
 * (`find . -name '*.pyc' -delete`), never bare (`find . -delete`). Other `-exec` commands are
 * judged as parts of their own, with `{}` standing for a file below the roots.
 */
export function checkFind(args: Arg[], env: CheckEnv): Verdict | null {
  let i = 0;
  while (i < args.length && /^-[HLPO]|^-D$/.test(args[i]?.text ?? '')) i += args[i]?.text === '-D' ? 2 : 1;
  const roots: Arg[] = [];
  for (; i < args.length; i++) {
    const t = args[i]?.text ?? null;
    if (t !== null && (t.startsWith('-') || t === '(' || t === '!' || t === ',')) break;
    roots.push(args[i] as Arg);
  }
  if (roots.length === 0) roots.push(literalArg('.'));
  const expr = args.slice(i);
  // A name filter only narrows the deletion if it is not a catch-all (`-name '*'`), and an `-o`
  // can put the delete on a branch the filter does not guard.
  const filtered =
    expr.some((a, k) => FIND_FILTERS.has(a.text ?? '') && !/^(\*|\.\*|\*\.\*|\*\*|\.\/\*|\.\*\.\*)?$/.test(expr[k + 1]?.text ?? '')) &&
    !expr.some((a) => a.text === '-o' || a.text === '-or' || a.text === ',');
  let deletes = expr.some((a) => a.text === '-delete');
  const verdicts: Array<Verdict | null> = [];
  for (let j = 0; j < expr.length; j++) {
    const t = expr[j]?.text;
    if (t === '-fprint' || t === '-fprintf' || t === '-fls') verdicts.push(escalate('find-write', `find ${t} writes a file`));
    if (!FIND_EXEC.has(t ?? '')) continue;
    const end = expr.findIndex((a, k) => k > j && (a.text === ';' || a.text === '+'));
    const inner = expr.slice(j + 1, end === -1 ? expr.length : end);
    j = end === -1 ? expr.length : end;
    const prog = inner[0]?.text;
    if (prog === undefined || prog === null) {
      verdicts.push(escalate('dynamic-command', `find ${t} runs a command that cannot be read`));
      continue;
    }
    if (DELETERS.has(basename(prog))) deletes = true;
    const allInside = roots.every((r) => resolveIn(env, r).every((x) => x !== null && !x.glob && isWithin(x.abs, env.ctx.cwd)));
    // find replaces `{}` wherever it occurs in an argument with the path of a file it found.
    const found = allInside ? posix.join(resolveIn(env, roots[0] as Arg)[0]?.abs ?? '.', '__found__') : null;
    const withFound = (a: Arg): Arg => (a.text?.includes('{}') ? literalArg(found === null ? null : a.text.replaceAll('{}', found), a.raw) : a);
    env.nested(inner.map(withFound), `find ${t}`);
  }
  if (deletes) {
    for (const root of roots) {
      for (const r of resolveIn(env, root)) {
        const bare = r !== null && !r.glob && r.abs === env.ctx.cwd;
        if (bare && filtered) continue;
        verdicts.push(bare ? deny('rm-workspace', `find ${root.raw} deletes across the whole workspace with no name filter`) : deleteTargetVerdict(r, env, `find ${root.raw} -delete`, true));
      }
    }
  }
  return worst(verdicts);
}
