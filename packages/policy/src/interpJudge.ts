import { basename, evalWord, type Arg } from './args';
import type { Stmt } from './bashIr';
import { expandEnv, judgeSource, type JudgeState, type Part } from './bashJudge';
import { scanCode, type Lang } from './codeScan';
import { withCodeTree } from './inlineCode/grammars';
import { judgeJavascript } from './inlineCode/javascriptCode';
import { judgePython } from './inlineCode/pythonCode';
import type { StdinSource } from './commandJudge';
import { writeVerdict } from './fileWrites';
import { invocation } from './interpreters';
import { escalate, deny, worst, type CheckEnv, type Verdict } from './verdict';

export interface InterpResult {
  verdict: Verdict | null;
  /** The command only wraps code that was judged part by part (`bash -c`, `eval`): it needs no allow rule itself. */
  transparent: boolean;
}

/**
 * Commands that run code: shells (`bash -c`, `sh -s <<EOF`, `eval`, `watch`, `trap`) get that
 * code judged as shell, part by part; other interpreters get their one-liner scanned.
 */
export function judgeInterpreter(program: string, args: Arg[], stdin: StdinSource | null, st: JudgeState, env: CheckEnv): InterpResult {
  const name = basename(program);
  const none: InterpResult = { verdict: null, transparent: false };
  const asShell = (code: Arg | string | null, label: string): InterpResult => {
    const text = typeof code === 'string' ? code : code?.text ?? null;
    if (text === null) return { verdict: escalate('interp-dynamic-code', `${label} runs code only known at run time`), transparent: false };
    env.nestedSource(text, label);
    return { verdict: null, transparent: true };
  };

  if (name === 'eval') return asShell(joined(args[0]?.text === '--' ? args.slice(1) : args), 'eval');
  if (name === 'trap') {
    const rest = args.filter((a, i) => !(i === 0 && (a.text === '--' || a.text === '-p' || a.text === '-l')));
    return rest[0] && rest.length > 1 ? asShell(rest[0], 'trap') : none;
  }
  if (name === 'watch') return judgeWatch(args, env);
  if ((name === 'source' || name === '.') && args[0]?.text === null) {
    return { verdict: escalate('interp-dynamic-code', `${name} runs a script only known at run time`), transparent: false };
  }

  const inv = invocation(program, args);
  if (!inv) return none;
  const verdicts: Array<Verdict | null> = [];
  if (inv.script && inv.script.text === null) verdicts.push(escalate('interp-dynamic-code', `${name} runs a script only known at run time`));
  for (const a of inv.inPlace ?? []) verdicts.push(writeVerdict(a, env, `${name} -i`));

  if (inv.lang === 'sh') {
    if (inv.foreign && (inv.code.length > 0 || stdin)) return { verdict: escalate('interp-foreign-shell', `${name} code is not bash`), transparent: false };
    if (inv.code.length > 0) {
      const r = asShell(inv.code[0] as Arg, `${name} -c`);
      return { verdict: worst([...verdicts, r.verdict]), transparent: r.transparent && verdicts.every((v) => !v) };
    }
    if (inv.stdin && stdin) {
      const code = stdinCode(stdin, st);
      if (code === null) return { verdict: escalate('interp-stdin-code', `${name} runs code read from standard input`), transparent: false };
      return asShell(code, `${name} <stdin>`);
    }
    return { verdict: worst(verdicts), transparent: false };
  }

  const lang = inv.lang as Lang;
  const codes: Array<string | null> = inv.code.map((a) => a.text);
  if (inv.stdin && stdin) codes.push(stdinCode(stdin, st));
  for (const code of codes) {
    if (code === null) {
      verdicts.push(escalate('interp-dynamic-code', `${name} runs code only known at run time`));
      continue;
    }
    const scan = scanCode(lang, code, st.ctx, st.cwds.length === 1 ? (st.cwds[0] ?? null) : null);
    verdicts.push(scan.verdict, shellOutVerdict(scan.shellOut, st, name), grammarVerdict(lang, code, name));
  }
  return { verdict: worst(verdicts), transparent: false };
}

/**
 * The positive model for inline code: Python and JavaScript are read with their grammars and
 * approved only when every call is in the safe set; other languages (perl, ruby, php, lua, R)
 * are not modelled and always escalate. awk keeps its own scan (codeScan), as a text tool.
 */
function grammarVerdict(lang: Lang, code: string, name: string): Verdict | null {
  if (lang === 'awk') return null;
  if (lang !== 'python' && lang !== 'node') return escalate('interp-code', `${name} code: ${lang} is not a language the engine models`);
  const why = withCodeTree(lang === 'python' ? 'python' : 'javascript', code, lang === 'python' ? judgePython : judgeJavascript);
  return why ? escalate('interp-code', `${name} code ${why}`) : null;
}

/** `watch [-n SECS] [-x] cmd…`: runs `cmd` through `sh -c` (or directly with -x), over and over. */
function judgeWatch(args: Arg[], env: CheckEnv): InterpResult {
  let i = 0;
  let direct = false;
  for (; i < args.length; i++) {
    const t = args[i]?.text ?? null;
    if (t === null) return { verdict: escalate('interp-dynamic-code', 'watch runs code only known at run time'), transparent: false };
    if (t === '--') {
      i++;
      break;
    }
    if (!t.startsWith('-')) break;
    if (t === '-x' || t === '--exec') direct = true;
    if (t === '-n' || t === '--interval' || t === '-q' || t === '--equexit') i++;
  }
  const cmd = args.slice(i);
  if (cmd.length === 0) return { verdict: null, transparent: false };
  if (direct) {
    env.nested(cmd, 'watch -x');
    return { verdict: null, transparent: true };
  }
  const code = joined(cmd);
  if (code === null) return { verdict: escalate('interp-dynamic-code', 'watch runs code only known at run time'), transparent: false };
  env.nestedSource(code, 'watch');
  return { verdict: null, transparent: true };
}

function joined(args: Arg[]): string | null {
  return args.some((a) => a.text === null) ? null : args.map((a) => a.text).join(' ');
}

/** The code a shell or interpreter reads on stdin, when it can be known without running anything. */
function stdinCode(stdin: StdinSource, st: JudgeState): string | null {
  if (stdin.kind === 'text') return stdin.text;
  const from: Stmt = stdin.from.type === 'redirected' ? stdin.from.body : stdin.from;
  if (from.type !== 'cmd') return null;
  const args = from.words.map((w) => evalWord(w, expandEnv(st)));
  const program = args[0]?.text;
  // `cat <<EOF | sh`: the here-document is the code.
  const heredoc = stdin.from.type === 'redirected' ? stdin.from.redirects.find((r) => r.heredoc)?.heredoc : undefined;
  if (program === 'cat' && args.length === 1 && heredoc) return heredoc.body;
  if (program !== 'echo' && program !== 'printf') return null;
  const rest = args.slice(1).filter((a, i) => !(program === 'echo' && i === 0 && /^-[neE]+$/.test(a.text ?? '')));
  if (rest.some((a) => a.text === null) || (program === 'printf' && rest.length !== 1)) return null;
  const text = rest.map((a) => a.text).join(' ');
  // printf, `echo -e` and dash's echo turn `\n` into a line break: the code is not what it looks like.
  return /[\\%]/.test(text) ? null : text;
}

/** Shell commands a one-liner hands to os.system/subprocess/exec: refused when one of them would be. */
function shellOutVerdict(literals: string[], st: JudgeState, name: string): Verdict | null {
  for (const lit of literals) {
    const probe: JudgeState = { ...st, parts: [] as Part[], cwds: [...st.cwds], functions: new Set(st.functions) };
    judgeSource(lit, probe, `${name} shell-out`);
    const denied = probe.parts.find((p) => p.verdict.outcome === 'deny');
    if (denied) return deny('interp-shell-out', `${name} runs \`${lit.slice(0, 60)}\`: ${denied.verdict.reason}`);
  }
  return null;
}
