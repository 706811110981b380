import type { Arg } from '../args';
import type { LineResult } from './parseLine';

/** find's tests that take one value (`-name X`), and those that take none. `-exec` & co. are read to their `;`/`+`. */
const VALUE_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type', '-xtype', '-maxdepth', '-mindepth', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer', '-size', '-perm', '-user', '-group', '-uid', '-gid', '-links', '-inum', '-samefile', '-regextype', '-printf', '-used', '-lname', '-ilname', '-newermt', '-context']);
const FLAG_TESTS = new Set(['-print', '-print0', '-prune', '-o', '-or', '-a', '-and', '-not', '!', '(', ')', ',', '-empty', '-ls', '-follow', '-depth', '-true', '-false', '-readable', '-writable', '-executable', '-nouser', '-nogroup', '-xdev', '-mount', '-noleaf', '-quit', '-delete', '-L', '-H', '-P', '-daystart', '-ignore_readdir_race']);
const EXEC_TESTS = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/**
 * find, read as find reads it: starting points, then an expression. Whatever a `-exec` runs is
 * judged as a command of its own (deleteRules/checkFind hand it over); `-delete` is checked by
 * the delete rules; `-fprint*`/`-fls` write files and are left out (they escalate).
 */
export function parseFind(args: Arg[]): LineResult {
  const fail = (reason: string): LineResult => ({ ok: false, reason: `find: ${reason}` });
  const operands: Arg[] = [];
  let inExpr = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg;
    const t = a.text;
    if (t === null) {
      if (!inExpr && /^["']?[A-Za-z0-9_./~]/.test(a.raw)) {
        operands.push(a);
        continue;
      }
      return fail(`${a.raw} is only known at run time`);
    }
    if (!inExpr && !t.startsWith('-') && t !== '!' && t !== '(') {
      operands.push(a);
      continue;
    }
    inExpr = true;
    if (FLAG_TESTS.has(t)) continue;
    if (VALUE_TESTS.has(t)) {
      if (i + 1 >= args.length) return fail(`${t} needs a value`);
      i++;
      continue;
    }
    if (EXEC_TESTS.has(t)) {
      let j = i + 1;
      while (j < args.length && args[j]?.text !== ';' && args[j]?.text !== '+') j++;
      if (j >= args.length) return fail(`${t} without its ; or +`);
      i = j;
      continue;
    }
    return fail(`unknown expression ${t}`);
  }
  return { ok: true, line: { path: ['find'], model: { operands: 'read' }, options: [], operands, runs: null } };
}
