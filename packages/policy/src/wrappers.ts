import { basename, literalArg, type Arg } from './args';
import { escalate, type Verdict } from './verdict';

/**
 * Variables that change which program runs or what it loads. Setting one in front of a command
 * (`PATH=/tmp/x:$PATH ls`, `NODE_OPTIONS=--require=./evil npm test`) turns an allowed command
 * into arbitrary code, so it escalates.
 */
const DANGEROUS_VARS =
  /^(PATH|LD_\w+|DYLD_\w+|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|PS4|PROMPT_COMMAND|IFS|HOME|ZDOTDIR|NODE_OPTIONS|PYTHON(PATH|STARTUP|HOME|INSPECT)|PERL5OPT|PERL5LIB|PERLLIB|RUBYOPT|RUBYLIB|GIT_(SSH|SSH_COMMAND|EXTERNAL_DIFF|PAGER|EDITOR|SEQUENCE_EDITOR|ASKPASS|CONFIG\w*|EXEC_PATH|DIR|WORK_TREE|PROXY_COMMAND|TEMPLATE_DIR)|PAGER|MANPAGER|EDITOR|VISUAL|BROWSER|\w*ASKPASS|LESSOPEN|LESSCLOSE|npm_config_\w+|NPM_CONFIG_\w+|XDG_CONFIG_HOME|BASH_FUNC_.*)$/;

export function assignmentVerdict(name: string): Verdict | null {
  return DANGEROUS_VARS.test(name) ? escalate('env-injection', `setting ${name} can change what a command runs`) : null;
}

/** Wrapper → its options that take a value (as regexes over the option word). */
const WRAPPERS: Record<string, { value: RegExp; positional?: number }> = {
  nice: { value: /^(-n|--adjustment)$/ },
  timeout: { value: /^(-s|--signal|-k|--kill-after)$/, positional: 1 },
  nohup: { value: /^$/ },
  time: { value: /^(-f|--format|-o|--output)$/ },
  builtin: { value: /^$/ },
  exec: { value: /^-a$/ },
  command: { value: /^$/ },
  setsid: { value: /^$/ },
  stdbuf: { value: /^(-i|-o|-e)$/ },
  ionice: { value: /^(-c|-n|--class|--classdata)$/ },
  unbuffer: { value: /^$/ },
  caffeinate: { value: /^(-t|-w)$/ },
  env: { value: /^(-u|--unset)$/ },
  xargs: { value: /^(-I|-n|-P|-L|-d|-E|-s|-a|--max-args|--max-procs|--max-lines|--delimiter|--eof|--max-chars|--arg-file|--replace)$/ },
};

export interface Unwrapped {
  /** The command that finally runs. Empty when a wrapper has nothing to run (`env`, `nohup`). */
  args: Arg[];
  wrappers: string[];
  verdicts: Verdict[];
  /** `command -v x` and friends only look a name up. */
  lookupOnly: boolean;
}

/**
 * Strip `env`, `nice`, `timeout`, `nohup`, `xargs`, `command`, `exec`, … so the rules and the
 * built-in list see the command that really runs, as Claude Code does before matching.
 */
export function unwrap(input: Arg[]): Unwrapped {
  let args = input;
  const out: Unwrapped = { args, wrappers: [], verdicts: [], lookupOnly: false };
  for (let depth = 0; depth < 16; depth++) {
    const name = args[0]?.text ? basename(args[0].text) : null;
    const spec = name ? WRAPPERS[name] : undefined;
    if (!name || !spec) break;
    let i = 1;
    let replace: string | null = null;
    for (; i < args.length; i++) {
      const t = args[i]?.text ?? null;
      if (t === null) break;
      if (t === '--') {
        i++;
        break;
      }
      if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) {
        const v = assignmentVerdict(t.slice(0, t.indexOf('=')));
        if (v) out.verdicts.push(v);
        continue;
      }
      if (!t.startsWith('-')) break;
      if (name === 'env' && /^(-C|--chdir|-S|--split-string)/.test(t)) out.verdicts.push(escalate('env-option', `env ${t} changes directory or re-splits the command`));
      if (name === 'command' && /^-[a-zA-Z]*[vV]/.test(t)) out.lookupOnly = true;
      if (name === 'xargs' && (t.startsWith('-I') || t === '--replace' || t.startsWith('-i') || t.startsWith('--replace='))) {
        replace = t === '-I' || t === '--replace' ? (args[i + 1]?.text ?? '{}') : t.includes('=') ? t.slice(t.indexOf('=') + 1) : t.slice(2) || '{}';
      }
      if (spec.value.test(t)) i++;
    }
    i += spec.positional ?? 0;
    out.wrappers.push(name);
    let inner = args.slice(i);
    if (name === 'xargs') {
      // xargs adds words read from stdin: unknown arguments, possibly paths.
      if (inner.length === 0) inner = [literalArg('echo')];
      inner = replace ? inner.map((a) => (a.text?.includes(replace as string) ? literalArg(null, a.raw) : a)) : [...inner, literalArg(null, '<stdin>')];
    }
    args = inner;
    if (out.lookupOnly) break;
  }
  out.args = args;
  return out;
}
