import type { Arg } from '../args';
import { parseLine, type LineResult } from './parseLine';
import { PYTHON, PYTHON_MODULES } from './pythonTools';
import type { ProgramModel } from './spec';

/**
 * Interpreters: the options before the code, then what runs. Inline code (`-c`, `-e`) is
 * judged by the language's grammar in interpJudge; here only the shape is checked: a module run
 * with `-m` must be one the model knows, and its own options are read against that module's model.
 */
export function parsePython(program: string, args: Arg[]): LineResult {
  const m = args.findIndex((a) => a.text === '-m' || (a.text?.startsWith('-m') === true && !a.text.startsWith('--')));
  const c = args.findIndex((a) => a.text === '-c');
  const cut = [m, c].filter((k) => k >= 0).sort((x, y) => x - y)[0];
  if (cut === undefined) return parseLine(program, PYTHON, args);
  const head = parseLine(program, { ...PYTHON, opts: PYTHON.opts?.replace(/-c=v -m=v /, '') }, args.slice(0, cut));
  if (!head.ok) return head;
  const flag = args[cut]?.text as string;
  if (flag === '-c') return head.ok && args[cut + 1] ? { ok: true, line: { ...head.line, operands: args.slice(cut + 1) } } : { ok: false, reason: `${program} -c needs code` };
  const attached = flag.length > 2 ? flag.slice(2) : null;
  const modArg = attached === null ? args[cut + 1] : { ...(args[cut] as Arg), text: attached };
  const mod = modArg?.text ?? null;
  if (mod === null) return { ok: false, reason: `${program} -m runs a module only known at run time` };
  const model: ProgramModel | undefined = Object.hasOwn(PYTHON_MODULES, mod) ? PYTHON_MODULES[mod] : undefined;
  if (!model) return { ok: false, reason: `${program} -m ${mod}: module not modelled` };
  return parseLine(`${program} -m ${mod}`, model, args.slice(cut + (attached === null ? 2 : 1)));
}

const NODE: ProgramModel = {
  opts: '-e=v --eval=v -p=v --print=v -r=x --require=x --import=x --loader=x --experimental-loader=x --test --test-reporter= --test-name-pattern= --test-only --watch --watch-path= --enable-source-maps --no-warnings --trace-warnings --trace-uncaught --unhandled-rejections= --max-old-space-size= --stack-size= --inspect? --inspect-brk? -v --version -h --help -c --check --input-type= --experimental-vm-modules --experimental-strip-types --no-deprecation --conditions= -C= --env-file=r --expose-gc --harmony',
  operands: 'read',
  interleaved: false,
};

export function parseNode(program: string, args: Arg[]): LineResult {
  return parseLine(program, NODE, args);
}

const JQ: ProgramModel = { opts: '-r -c -e -n -s -S -j -a -C -M -R --raw-output --compact-output --exit-status --null-input --slurp --sort-keys --join-output --ascii-output --color-output --monochrome-output --raw-input --tab --indent= --arg= --argjson= --args --jsonargs', operands: 'read' };

/** jq's filter is a program: `env`, `$ENV` and `input_filename` read the environment or name files. */
export function parseJq(args: Arg[]): LineResult {
  const r = parseLine('jq', JQ, args);
  if (!r.ok) return r;
  const filter = r.line.operands[0];
  if (filter && (filter.text === null || /\benv\b|\$ENV|\$__prog_args|input_filename|\$__loc__|getpath\(\["env|@sh|halt_error/.test(filter.text))) {
    return { ok: false, reason: `jq filter ${filter.raw.slice(0, 40)} reads the environment or is only known at run time` };
  }
  // --arg name value / --argjson name value take two words: the model saw them as a value and an operand.
  return r;
}

/** `kill [-SIG | -s SIG | -n N] PID…`: process ids must be plain positive numbers (no `-1`, `0`, groups). */
export function parseKill(args: Arg[]): LineResult {
  let i = 0;
  const first = args[0]?.text ?? null;
  if (first !== null && (first === '-s' || first === '-n')) i = 2;
  else if (first !== null && /^-([A-Z]+[A-Z0-9]*|\d{1,2})$/.test(first)) i = 1;
  else if (first === '-l' || first === '-L') return { ok: true, line: { path: ['kill'], model: {}, options: [], operands: [], runs: null } };
  const pids = args.slice(i);
  if (pids.length === 0) return { ok: false, reason: 'kill: no process given' };
  for (const p of pids) {
    if (p.text === null || !/^([1-9]\d*|%\d+)$/.test(p.text) || p.text === '1') {
      return { ok: false, reason: `kill: ${p.raw} is not a single process id (a negative or zero id signals whole groups, 1 is init)` };
    }
  }
  return { ok: true, line: { path: ['kill'], model: {}, options: [], operands: pids, runs: null } };
}
