import { basename, type Arg } from './args';
import type { Lang } from './codeScan';

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'fish', 'csh', 'tcsh']);
const NON_BASH = new Set(['fish', 'csh', 'tcsh']);

/** Programs that fetch from the network; their output piped into a code runner is refused. */
export const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'http', 'https', 'xh', 'aria2c', 'lwp-request', 'GET', 'lynx', 'links']);

export function langOf(program: string): Lang | 'sh' | null {
  const name = basename(program);
  if (SHELLS.has(name)) return 'sh';
  if (/^(python|pypy)(\d+(\.\d+)*)?$/.test(name)) return 'python';
  if (name === 'node' || name === 'nodejs' || name === 'bun' || name === 'deno') return 'node';
  if (/^perl(\d+(\.\d+)*)?$/.test(name)) return 'perl';
  if (/^ruby(\d+(\.\d+)*)?$/.test(name)) return 'ruby';
  if (/^php(\d+(\.\d+)*)?$/.test(name)) return 'php';
  if (/^lua(jit|\d+(\.\d+)*)?$/.test(name)) return 'lua';
  if (name === 'Rscript') return 'r';
  if (name === 'awk' || name === 'gawk' || name === 'mawk' || name === 'nawk') return 'awk';
  return null;
}

/** How an interpreter gets its code: inline (`-c`/`-e`), from a script file, or from stdin. */
export interface Invocation {
  lang: Lang | 'sh';
  /** Inline code words (`-c CODE`, every `-e CODE` for perl). */
  code: Arg[];
  script: Arg | null;
  /** Reads its program from standard input (no code, no script, or `-`). */
  stdin: boolean;
  /** Runs a module or subcommand we do not read (`python -m pytest`, `deno test`). */
  module: boolean;
  /** Shell dialect we cannot parse as bash. */
  foreign: boolean;
  /** perl/ruby -i: edits the operand files in place. */
  inPlace: Arg[] | null;
}

/** Options that take the next word as their value, per language. */
const VALUE_OPTS: Record<string, RegExp> = {
  sh: /^(-o|\+o|-O|\+O|--rcfile|--init-file)$/,
  python: /^(-W|-X|-Q)$/,
  node: /^(-r|--require|--import|--loader|--experimental-loader|--input-type|--conditions|-C|--env-file)$/,
  perl: /^(-M|-m|-I|-x)$/,
  ruby: /^(-r|-I|-C|-E|-F)$/,
  php: /^(-c|-d|-z)$/,
  lua: /^(-l)$/,
  r: /^(--default-packages)$/,
  awk: /^(-F|-v|--field-separator|--assign)$/,
};
const CODE_FLAG: Record<string, RegExp> = {
  sh: /^-[a-zA-Z]*c[a-zA-Z]*$/,
  python: /^-[a-zA-Z]*c$/,
  node: /^(-e|--eval|-p|--print|-pe|-ep)$/,
  perl: /^-[a-zA-Z]*[eE]$/,
  ruby: /^-[a-zA-Z]*e$/,
  php: /^-[a-zA-Z]*[rB]$/,
  lua: /^-e$/,
  r: /^-e$/,
  awk: /^$/,
};

/** A code flag with the code glued on: `-cCODE` (python), `-eCODE` (perl, ruby, node), `-rCODE` (php). */
const ATTACHED_CODE: Record<string, RegExp> = {
  python: /^-[a-zA-Z]*?c(.+)$/s,
  node: /^-[pe]([^-].*)$/s,
  perl: /^-[a-zA-Z]*?[eE](.+)$/s,
  ruby: /^-[a-zA-Z]*?e(.+)$/s,
  php: /^-r(.+)$/s,
};

export function invocation(program: string, args: Arg[]): Invocation | null {
  const lang = langOf(program);
  if (!lang) return null;
  const inv: Invocation = { lang, code: [], script: null, stdin: false, module: false, foreign: NON_BASH.has(basename(program)), inPlace: null };
  let i = 0;
  for (; i < args.length; i++) {
    const t = args[i]?.text ?? null;
    if (t === null) break;
    if (t === '--') {
      i++;
      break;
    }
    if (t === '-' || !t.startsWith('-') && !t.startsWith('+')) break;
    if (lang === 'sh' && CODE_FLAG.sh?.test(t)) {
      // `bash -c -e -- 'code'`: options may follow -c; the first operand is the code.
      let j = i + 1;
      while (j < args.length && /^([-+][a-zA-Z]+|--)$/.test(args[j]?.text ?? '')) j++;
      if (args[j]) inv.code.push(args[j] as Arg);
      else inv.code.push({ ...(args[i] as Arg), text: null });
      return inv;
    }
    if (CODE_FLAG[lang]?.test(t)) {
      const code = args[i + 1];
      inv.code.push(code ?? { ...(args[i] as Arg), text: null });
      i++;
      if (lang === 'python' || lang === 'node' || lang === 'php') return inv;
      continue;
    }
    const attached = ATTACHED_CODE[lang]?.exec(t);
    if (attached) {
      // `python3 -c'code'`, `perl -e'code'`: the code is glued to its flag.
      inv.code.push({ ...(args[i] as Arg), text: attached[1] ?? '' });
      if (lang === 'python' || lang === 'node' || lang === 'php') return inv;
      continue;
    }
    if (/^--(eval|print)=/.test(t) && lang === 'node') inv.code.push({ ...(args[i] as Arg), text: t.slice(t.indexOf('=') + 1) });
    if ((lang === 'perl' || lang === 'ruby') && /^-(?![IMmxCEr])[a-zA-Z]*i/.test(t)) inv.inPlace = [];
    if (lang === 'sh' && /^-[a-zA-Z]*s/.test(t)) inv.stdin = true;
    if ((lang === 'python' && t === '-m') || (lang === 'node' && /^(test|run|eval|task|x|install|add)$/.test(t))) inv.module = true;
    if (lang === 'python' && t === '-m') return inv;
    if (VALUE_OPTS[lang]?.test(t)) i++;
  }
  const rest = args.slice(i);
  if (lang === 'awk') {
    if (args.some((a) => a.text === '-f' || a.text?.startsWith('--file'))) inv.module = true;
    else if (rest[0]) inv.code.push(rest[0]);
    return inv;
  }
  if (lang === 'node' && ['test', 'run', 'task', 'install', 'add', 'x', 'eval'].includes(rest[0]?.text ?? '')) {
    if (rest[0]?.text === 'eval' && rest[1]) inv.code.push(rest[1]);
    else inv.module = true;
    return inv;
  }
  if (inv.code.length > 0) {
    if (inv.inPlace) inv.inPlace = rest;
    return inv;
  }
  const first = rest[0];
  if (inv.stdin) return inv;
  if (!first || first.text === '-' || first.text === '/dev/stdin') inv.stdin = true;
  else inv.script = first;
  return inv;
}
