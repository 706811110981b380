import { basename, evalWord, literalArg, renderArgs, resolveArg, type Arg } from './args';
import type { Redirect, SimpleCommand, Stmt } from './bashIr';
import { changeDirectory, expandEnv, judgeScoped, judgeSource, type JudgeState } from './bashJudge';
import { builtinVerdicts } from './builtinDeny';
import { runnerTarget } from './execOptions';
import { runsDownloadedCode } from './downloads';
import { writeVerdict } from './fileWrites';
import { judgeInterpreter } from './interpJudge';
import { expansionVerdict } from './expansionRisks';
import { configVerdict } from './ruleMatch';
import { tokenVerdict } from './tokenCommands';
import { understandCommand } from './understanding';
import { checkSecretArgs } from './secretArgs';
import { deny, escalate, worst, type CheckEnv, type Verdict } from './verdict';
import { assignmentVerdict, unwrap } from './wrappers';

/** Standard input of a command: here-document/here-string text, or the previous pipeline element. */
export type StdinSource = { kind: 'text'; text: string | null } | { kind: 'pipe'; from: Stmt };

/** Commands that change nothing and print nothing secret; they need no allow rule of their own. */
const NEUTRAL = new Set(['source', '.', 'cd', 'pushd', 'popd', 'echo', 'printf', 'pwd', 'true', 'false', ':', 'test', '[', 'sleep', 'exit', 'return', 'wait', 'set', 'shopt', 'local', 'export', 'declare', 'typeset', 'readonly', 'unset', 'shift', 'read']);

const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);

/** `ruleless`: a command another one runs for it (`npx x`): judged, but it needs no allow rule of its own. */
export function judgeCommand(cmd: SimpleCommand, st: JudgeState, stdinIn: StdinSource | null, ruleless = false): void {
  const env = expandEnv(st);
  // tree-sitter may keep `<<<` and `<<` inside the command node: they feed its stdin all the same.
  // `bash < file` reads its code from a file the engine does not open: unknown code.
  const own = cmd.redirects.find((r) => r.heredoc || ((r.op === '<<<' || r.op === '<') && r.target));
  const stdin: StdinSource | null = own?.heredoc
    ? { kind: 'text', text: own.heredoc.body }
    : own?.target
      ? { kind: 'text', text: own.op === '<' ? null : evalWord(own.target, env).text }
      : stdinIn;
  const verdicts: Array<Verdict | null> = [];
  const argSubs: Stmt[] = [];
  for (const a of cmd.assigns) {
    verdicts.push(assignmentVerdict(a.name));
    for (const p of a.value?.parts ?? []) if (p.kind === 'sub') judgeScoped(p.script, st);
  }
  // `>( … )` reads what the command writes: a shell inside it runs data nobody has read.
  const outputSubs = new Set<Stmt>();
  for (const w of cmd.words) for (const p of w.parts) if (p.kind === 'sub') {
    argSubs.push(p.script);
    if (p.proc && w.raw.includes('>(')) outputSubs.add(p.script);
  }
  for (const r of cmd.redirects) {
    for (const p of r.target?.parts ?? []) if (p.kind === 'sub') {
      argSubs.push(p.script);
      if (p.proc && r.op.startsWith('>')) outputSubs.add(p.script);
    }
    for (const s of r.heredoc?.subs ?? []) judgeScoped(s, st);
  }
  for (const s of argSubs) judgeScoped(s, st, outputSubs.has(s) ? { kind: 'text', text: null } : null);
  verdicts.push(...cmd.redirects.map((r) => redirectVerdict(r, st)));
  verdicts.push(expansionVerdict([...cmd.words, ...cmd.assigns.flatMap((a) => (a.value ? [a.value] : [])), ...cmd.redirects.flatMap((r) => (r.target ? [r.target] : []))]));

  const text = cmd.text || renderArgs(cmd.words.map((w) => evalWord(w, env)));
  const args = cmd.words.map((w) => evalWord(w, env));
  const push = (v: Verdict | null): void => void st.parts.push({ text, verdict: v ?? { outcome: 'neutral', rule: 'builtin:neutral', reason: 'changes nothing by itself' } });
  if (args.length === 0) return push(worst(verdicts));
  if (args[0]?.text === null) return push(worst([...verdicts, escalate('dynamic-command', `the program name ${args[0].raw} is only known at run time`)]));

  const un = unwrap(args);
  verdicts.push(...un.verdicts);
  const program = un.args[0]?.text;
  if (un.args.length === 0) {
    const dump = un.wrappers.at(-1) === 'env' ? escalate('env-dump', 'env prints environment variables, which hold API keys') : null;
    return push(worst([...verdicts, dump, ruleVerdict(st, text, text, true)]));
  }
  if (program === null || program === undefined) return push(worst([...verdicts, escalate('dynamic-command', `${un.wrappers.join(' ')} runs a program only known at run time`)]));
  const name = basename(program);
  // `export A=1 B`: the parser keeps assignments apart from the words; they are this builtin's arguments.
  const rest = DECLARATIONS.has(name) ? [...un.args.slice(1), ...cmd.assigns.map((a) => literalArg(`${a.name}=${a.value ? (evalWord(a.value, env).text ?? '') : ''}`, a.name))] : un.args.slice(1);
  const checkEnv: CheckEnv = {
    ctx: st.ctx,
    cwds: st.cwds,
    nested: (nestedArgs, label) => judgeArgs(nestedArgs, st, label),
    nestedSource: (source, label) => judgeSource(source, st, label),
  };

  if (name === 'cd' || name === 'pushd' || name === 'popd') {
    const target = name === 'popd' || rest[0]?.text === '-' ? null : rest.find((a) => a.text !== '-P' && a.text !== '-L') ?? null;
    changeDirectory(st, target === null ? (name === 'popd' || rest.length > 0 ? null : st.ctx.home) : resolveCd(target, st));
  }
  if (runsDownloadedCode(program, argSubs) || (stdin?.kind === 'text' && runsDownloadedCode(program, cmd.redirects.flatMap((r) => r.heredoc?.subs ?? [])))) {
    verdicts.push(deny('download-to-shell', `${name} runs code fetched from the network`));
  }
  verdicts.push(...builtinVerdicts(name, rest, checkEnv), tokenVerdict(name, rest));
  const runs = runnerTarget(name, rest);
  if (runs && runs.length > 0) judgeArgs(runs, st, name, true);
  const interp = judgeInterpreter(program, rest, stdin, st, checkEnv);
  verdicts.push(interp.verdict);

  const inner = renderArgs(un.args);
  if (un.lookupOnly || st.functions.has(program)) return push(worst([worst(verdicts), ruleVerdict(st, text, inner, true)]));
  const known = understandCommand(name, program, rest, checkEnv, st.written);
  verdicts.push(known.verdict);
  if (name === 'tee') for (const a of rest) noteWrite(st, a);
  const builtin = worst(verdicts);
  const rule = ruleVerdict(st, text, inner, ruleless || interp.transparent || NEUTRAL.has(name));
  // The positive model (SPEC §5): a wildcard rule, a neutral part or a runner's target approves only what the model understands.
  const needsModel = !interp.transparent && (rule === null || ruleless || (rule.outcome === 'approve' && isWildcard(rule.rule)));
  const gap = known.gap && needsModel ? escalate('not-understood', `${known.gap}; ${rule ? `${rule.rule.slice(6)} is a wildcard and` : 'the engine'} approves only what it fully understands`) : null;
  push(worst([builtin, gap, rule]));
}

/** `Bash`, `Bash(*)`, `Bash(git *)`, `Bash(npm test:*)`: rules that approve words they do not name. */
function isWildcard(rule: string): boolean {
  return rule === 'allow:Bash' || rule.includes('*');
}

/** Files this request writes, so a runner started later in it is not trusted to run project code. */
function noteWrite(st: JudgeState, arg: Arg): void {
  if (arg.text === null) {
    st.written.add('?');
    return;
  }
  if (arg.text.startsWith('-')) return;
  for (const c of st.cwds) {
    const r = resolveArg(arg, [c], st.ctx.home)[0];
    if (!r) st.written.add('?');
    else if (!r.abs.startsWith('/dev/')) st.written.add(r.abs);
  }
}

/** Config rules for one part. Neutral and transparent parts only answer to deny and ask rules. */
function ruleVerdict(st: JudgeState, outer: string, inner: string, neutral: boolean): Verdict | null {
  const v = configVerdict(st.policy, { kind: 'bash', texts: [outer, inner] }, st.ctx, { kind: 'bash', texts: [inner] });
  if (v) return v;
  return neutral ? null : { outcome: 'escalate', rule: 'default:no-match', reason: `no rule allows ${inner.slice(0, 80)}` };
}

/** A command that another one runs (`find -exec`, `xargs`), judged as a part of its own. */
export function judgeArgs(args: Arg[], st: JudgeState, label: string, ruleless = false): void {
  const words = args.map((a) => ({ raw: a.raw, parts: a.text === null ? [{ kind: 'dyn' as const, text: a.raw }] : [{ kind: 'lit' as const, text: a.text, quoted: !a.glob }] }));
  judgeCommand({ type: 'cmd', text: `${label} ${renderArgs(args)}`, assigns: [], words, redirects: [] }, st, null, ruleless);
}

function resolveCd(target: Arg, st: JudgeState): string | null {
  const r = resolveArg(target, [st.ctx.cwd], st.ctx.home)[0];
  if (!r || r.glob || target.text === null) return null;
  // Relative targets are resolved per candidate directory by changeDirectory.
  return target.text.startsWith('/') || target.text.startsWith('~') ? r.abs : target.text;
}

function redirectVerdict(r: Redirect, st: JudgeState): Verdict | null {
  if (!r.target || r.op === '<<<' || r.heredoc) return null;
  const target = evalWord(r.target, expandEnv(st));
  if ((r.op === '>&' || r.op === '<&') && /^(\d+-?|-)$/.test(target.text ?? '')) return null;
  const env: CheckEnv = { ctx: st.ctx, cwds: st.cwds, nested: () => undefined, nestedSource: () => undefined };
  if (target.subs.length > 0 && target.text === null && r.target.parts.every((p) => p.kind === 'sub' && p.proc)) return null;
  if (r.op !== '<' && r.op !== '<&') noteWrite(st, target);
  if (r.op === '<') return checkSecretArgs('<', [target], env) ?? (target.text === null ? escalate('read-unresolved', `< ${target.raw}: cannot tell which file is read`) : null);
  const write = writeVerdict(target, env, `redirect ${r.op} ${target.raw}`);
  return r.op === '<>' ? worst([write, checkSecretArgs('<', [target], env)]) : write;
}
