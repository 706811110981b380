import { isOption, shortFlags, type Arg } from './args';
import { isHarmlessSink, isWithin, isWritable, sensitiveInsideCwd } from './paths';
import { realOf } from './realPath';
import { secretReason } from './secrets';
import { deny, escalate, resolveIn, worst, type CheckEnv, type Verdict } from './verdict';

/**
 * Writes must stay inside the session's working directory. `into` targets are directories
 * written into (`cp a .`, `tar -C dir`), which may be the workspace itself; plain targets are
 * files or directories that get replaced, moved or changed, which must lie strictly below it.
 */
export function writeVerdict(arg: Arg, env: CheckEnv, what: string, into = false, rule = 'write-outside-cwd'): Verdict | null {
  return worst(
    resolveIn(env, arg).map((r) => {
      if (r === null) return escalate('write-unresolved', `${what}: cannot tell where ${arg.raw} is`);
      if (r.abs.startsWith('/dev/') && !isHarmlessSink(r.abs)) return deny('write-device', `${what} writes to the device ${r.abs}`);
      const ok = into ? isWithin(r.abs, env.ctx.cwd) : isWritable(r.abs, env.ctx.cwd);
      if (!ok) return deny(rule, `${what} writes ${r.abs}, outside the workspace ${env.ctx.cwd}`);
      const real = realOf(r.abs, env.ctx);
      if (real !== r.abs && !isWithin(real, realOf(env.ctx.cwd, env.ctx)) && !isHarmlessSink(real)) {
        return deny(rule, `${what} writes ${r.abs}, a link to ${real}, outside the workspace`);
      }
      if (isHarmlessSink(r.abs)) return null;
      const sensitive = sensitiveInsideCwd(r.abs, env.ctx.cwd);
      if (sensitive) return escalate('write-sensitive', `${what} writes ${sensitive}`);
      const secret = secretReason(r.abs, env.ctx);
      if (secret) return escalate('write-secret', `${what} overwrites ${secret}`);
      return null;
    }),
  );
}

/** Operands and options that take a value, for the commands whose targets we find. */
const VALUE_OPTS: Record<string, string[]> = {
  cp: ['-S', '--suffix', '-t', '--target-directory'],
  mv: ['-S', '--suffix', '-t', '--target-directory'],
  install: ['-m', '--mode', '-o', '--owner', '-g', '--group', '-S', '--suffix', '-t', '--target-directory'],
  ln: ['-S', '--suffix', '-t', '--target-directory'],
  mkdir: ['-m', '--mode'],
  touch: ['-d', '--date', '-t', '-r', '--reference'],
  truncate: ['-s', '--size', '-r', '--reference'],
  chmod: [],
  chown: [],
  chgrp: [],
  tee: [],
  patch: ['-o', '--output', '-d', '--directory', '-i', '--input', '-p', '-F', '-B', '-r'],
};

function split(name: string, args: Arg[]): { operands: Arg[]; opts: Map<string, Arg> } {
  const valueOpts = VALUE_OPTS[name] ?? [];
  const operands: Arg[] = [];
  const opts = new Map<string, Arg>();
  let end = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg;
    const t = a.text;
    if (!end && t === '--') end = true;
    else if (!end && isOption(t)) {
      const key = (t as string).split('=')[0] as string;
      if ((t as string).includes('=')) opts.set(key, { ...a, text: (t as string).slice(key.length + 1) });
      else if (valueOpts.includes(key)) opts.set(key, args[++i] ?? a);
      else opts.set(key, a);
    } else operands.push(a);
  }
  return { operands, opts };
}

/** cp/mv/ln/install/tee/touch/mkdir/truncate/chmod/chown/chgrp/dd/patch targets. */
export function checkFileWrites(name: string, args: Arg[], env: CheckEnv): Verdict | null {
  const { operands, opts } = split(name, args);
  const what = name;
  const target = opts.get('-t') ?? opts.get('--target-directory');
  switch (name) {
    case 'cp':
    case 'install':
    case 'ln': {
      const dest = target ?? (operands.length >= 2 ? operands.at(-1) : undefined);
      const v = dest ? writeVerdict(dest, env, what, true) : null;
      if (name === 'ln' && (opts.has('-s') || opts.has('--symbolic') || args.some((a) => shortFlags(a.text)?.includes('s')))) {
        const source = operands[0];
        const outside = source && resolveIn(env, source).some((r) => r === null || !isWithin(r.abs, env.ctx.cwd));
        if (outside) return worst([v, escalate('symlink-out', `ln -s ${source.raw}: a link out of the workspace lets later writes escape it`)]);
      }
      return v;
    }
    case 'mv':
      // Every operand changes: sources disappear, the destination is written.
      return worst(operands.map((a, k) => writeVerdict(a, env, what, k === operands.length - 1 && operands.length > 1)));
    case 'tee':
    case 'touch':
    case 'mkdir':
    case 'truncate':
      return worst(operands.map((a) => writeVerdict(a, env, what)));
    case 'chmod':
    case 'chown':
    case 'chgrp': {
      const files = opts.has('--reference') ? operands : operands.slice(1);
      return worst(files.map((a) => writeVerdict(a, env, what, false, 'chmod-outside-cwd')));
    }
    case 'dd': {
      const of = args.find((a) => a.text?.startsWith('of='));
      return of ? writeVerdict({ ...of, text: (of.text as string).slice(3) }, env, 'dd of=') : null;
    }
    case 'patch': {
      const out = opts.get('-o') ?? opts.get('--output');
      const dir = opts.get('-d') ?? opts.get('--directory');
      return worst([out && writeVerdict(out, env, what), dir && writeVerdict(dir, env, what, true), operands[0] && writeVerdict(operands[0], env, what)]);
    }
    default:
      return null;
  }
}

/** Output files of archivers and downloaders. */
export function checkToolOutputs(name: string, args: Arg[], env: CheckEnv): Verdict | null {
  const texts = args.map((a) => a.text);
  const valueOf = (...flags: string[]): Arg[] => {
    const out: Arg[] = [];
    args.forEach((a, i) => {
      const t = a.text ?? '';
      for (const f of flags) {
        const cluster = !f.startsWith('--') && /^-[A-Za-z]+$/.test(t) && t.endsWith(f.slice(1));
        if ((t === f || cluster) && args[i + 1]) out.push(args[i + 1] as Arg);
        else if (f.startsWith('--') && t.startsWith(`${f}=`)) out.push({ ...a, text: t.slice(f.length + 1) });
        else if (!f.startsWith('--') && !cluster && t.startsWith(f) && t.length > f.length) out.push({ ...a, text: t.slice(f.length) });
      }
    });
    return out;
  };
  const files = (list: Arg[], into = false) => worst(list.filter((a) => a.text !== '-').map((a) => writeVerdict(a, env, name, into)));
  switch (name) {
    case 'curl':
      return worst([files(valueOf('-o', '--output', '-D', '--dump-header', '-c', '--cookie-jar', '--trace', '--trace-ascii')), files(valueOf('--output-dir'), true)]);
    case 'wget':
      return worst([files(valueOf('-O', '--output-document', '-o', '--output-file', '-a', '--append-output')), files(valueOf('-P', '--directory-prefix'), true)]);
    case 'unzip':
      return files(valueOf('-d'), true);
    case 'tar': {
      const mode = texts.find((t) => t !== null && /^-?[A-Za-z]+$/.test(t) && /[cxrtuA]/.test(t)) ?? '';
      const creating = /[cruA]/.test(mode) || texts.some((t) => ['--create', '--append', '--update'].includes(t ?? ''));
      const extracting = /x/.test(mode) || texts.includes('--extract') || texts.includes('--get');
      const verdicts: Array<Verdict | null> = [];
      if (extracting) verdicts.push(files(valueOf('-C', '--directory'), true));
      if (creating) {
        const cluster = args.findIndex((a) => a.text === mode);
        const fPos = mode.replace(/^-/, '').indexOf('f');
        // In `tar czf out.tgz …` the file name is the word after the cluster.
        const archive = fPos >= 0 ? args[cluster + 1] : undefined;
        verdicts.push(files([...valueOf('-f', '--file'), ...(archive ? [archive] : [])]));
      }
      return worst(verdicts);
    }
    case 'rsync':
    case 'scp': {
      const operands = args.filter((a) => !isOption(a.text));
      if (operands.some((a) => a.text === null || /^[^/]*:/.test(a.text))) {
        return escalate('remote-copy', `${name} copies to or from another machine`);
      }
      const dest = operands.length >= 2 ? operands.at(-1) : undefined;
      return dest ? writeVerdict(dest, env, name, true) : null;
    }
    default:
      return null;
  }
}

/** sed -i edits its file operands; a script with `e` runs commands and `w` writes files. */
export function checkSed(args: Arg[], env: CheckEnv): Verdict | null {
  const inPlace = args.some((a) => /^(-[a-zA-Z]*i|--in-place)/.test(a.text ?? '') && !/^-[a-zA-Z]*[ef]$/.test(a.text ?? ''));
  const scripts: string[] = [];
  const operands: Arg[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i]?.text ?? null;
    if (t === '-e' || t === '--expression') scripts.push(args[++i]?.text ?? 'e');
    else if (t === '-f' || t === '--file') i++;
    else if (t === null || !t.startsWith('-')) operands.push(args[i] as Arg);
  }
  if (scripts.length === 0 && operands.length > 0) scripts.push(operands.shift()?.text ?? 'e');
  const verdicts: Array<Verdict | null> = [];
  if (scripts.some((s) => /(^|[;{}\n]\s*|[0-9$/]\s*)[ewW](\s|$|;)|\/[gpIiMm0-9]*[ew]\s*($|;|\s)/.test(s))) {
    verdicts.push(escalate('sed-exec', 'the sed script runs commands or writes files'));
  }
  if (inPlace) verdicts.push(...operands.map((a) => writeVerdict(a, env, 'sed -i')));
  return worst(verdicts);
}
