import type { Arg } from '../args';
import { assignmentVerdict } from '../wrappers';
import { parseLine, type LineResult } from './parseLine';
import type { ProgramModel } from './spec';

/**
 * Shell builtins that look neutral but evaluate code. bash evaluates an array subscript as an
 * arithmetic expression, and arithmetic expands `$( … )` inside a variable's value, so
 * `printf -v 'a[$(rm -rf ~)]' x`, `read 'a[$(…)]'`, `declare 'a[$(…)]=1'` and `test -v 'a[$(…)]'`
 * all run the command. Names with subscripts, namerefs (`declare -n`), `let`, `mapfile -C`
 * and the builtins that print every variable (`declare -p`, `export -p`, bare `set`) are not
 * understood.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function names(args: Arg[], what: string): string | null {
  for (const a of args) {
    if (a.text === null) return `${what} ${a.raw}: a name only known at run time`;
    const eq = a.text.indexOf('=');
    const name = eq >= 0 ? a.text.slice(0, eq) : a.text;
    if (!NAME.test(name)) return `${what} ${a.text}: ${name.includes('[') ? 'an array subscript is evaluated as code' : 'not a plain variable name'}`;
    // `printf -v PATH`, `read PATH`, `export PATH=…`: setting one of these changes what later commands run.
    const inject = assignmentVerdict(name);
    if (inject) return inject.reason;
  }
  return null;
}

const fail = (reason: string): LineResult => ({ ok: false, reason });
const ok = (path: string, operands: Arg[]): LineResult => ({ ok: true, line: { path: [path], model: { operands: 'data' }, options: [], operands, runs: null } });

function withNames(program: string, model: ProgramModel, args: Arg[], valueNames: string[] = []): LineResult {
  const r = parseLine(program, model, args);
  if (!r.ok) return r;
  const named = r.line.options.filter((o) => valueNames.includes(o.name)).map((o) => o.value as Arg);
  const bad = names([...named, ...r.line.operands], program);
  return bad ? fail(bad) : r;
}

export function parseBuiltin(name: string, args: Arg[]): LineResult | null {
  switch (name) {
    case 'printf': {
      const r = parseLine('printf', { opts: '-v=', operands: 'data', interleaved: false }, args);
      if (!r.ok) return r;
      const v = r.line.options.find((o) => o.name === '-v');
      const bad = v ? names([v.value as Arg], 'printf -v') : null;
      return bad ? fail(bad) : r;
    }
    case 'read':
      return withNames('read', { opts: '-r -s -e -p= -t= -n= -N= -d= -u= -i= -a=', operands: 'data' }, args, ['-a']);
    case 'mapfile':
    case 'readarray':
      return withNames(name, { opts: '-t -n= -O= -s= -d= -u=', operands: 'data' }, args);
    case 'declare':
    case 'typeset':
    case 'local':
    case 'readonly':
    case 'export': {
      if (args.length === 0 && name !== 'local') return fail(`${name} alone prints every variable, API keys included`);
      return withNames(name, { opts: '-a -A -i -l -u -r -x -g -f -F -t -n=x', operands: 'data' }, args);
    }
    case 'test':
    case '[':
      if (args.some((a) => a.text === '-v' || a.text === '-R')) return fail(`${name} -v evaluates an array subscript as code`);
      return ok(name, args);
    case 'set': {
      if (args.length === 0) return fail('set alone prints every variable, API keys included');
      const r = parseLine('set', { opts: '-e -u -x -v -f -n -o? -E -T -C -B -H -P -a -b -h -k -m -t', operands: 'data', interleaved: false }, args.map((a) => (a.text?.startsWith('+') ? { ...a, text: `-${a.text.slice(1)}` } : a)));
      if (r.ok && r.line.options.some((o) => o.name === '-o') && args.length === 1) return fail('set -o prints the shell options');
      return r;
    }
    case 'shopt':
      return parseLine('shopt', { opts: '-s -u -q -o -p', operands: 'data' }, args);
    case 'unset':
      return withNames('unset', { opts: '-v -f', operands: 'data' }, args);
    case 'let':
      return fail('let evaluates arithmetic, which can run code hidden in a variable');
    case 'alias':
    case 'unalias':
    case 'enable':
    case 'complete':
    case 'bind':
    case 'hash':
      return fail(`${name} changes what later words of the shell run`);
    case 'source':
    case '.':
      return args.length === 0 ? fail(`${name} needs a file`) : ok(name, args);
    case 'umask':
      return parseLine('umask', { opts: '-S -p', operands: 'data', maxOperands: 1 }, args);
    case 'ulimit':
    case 'getopts':
    case 'jobs':
    case 'fg':
    case 'bg':
    case 'disown':
    case 'times':
      return ok(name, args);
    default:
      return null;
  }
}
