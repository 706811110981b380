import type { Arg } from '../args';
import { optTable, type OptKind, type OptSpec, type ProgramModel } from './spec';

/** A command line read against its program model. */
export interface ParsedLine {
  /** `git`, `git stash`, `docker compose up`: the program and the subcommands chosen. */
  path: string[];
  model: ProgramModel;
  /** Every option seen, with its value when it takes one. */
  options: Array<{ name: string; kind: OptKind; value: Arg | null }>;
  operands: Arg[];
  /** The command line a runner starts (`npm exec x`, `cargo run -- args`), when the model says so. */
  runs: Arg[] | null;
}

export type LineResult = { ok: true; line: ParsedLine } | { ok: false; reason: string };

/** A word only known at run time may still be safe as an operand when it cannot begin with `-`. */
function cannotBeOption(arg: Arg): boolean {
  return /^(["']?)[A-Za-z0-9_./~@:+,%]/.test(arg.raw) && !/^["']?\$/.test(arg.raw);
}

function lookup(models: ProgramModel[], short: boolean, name: string): OptSpec | undefined {
  for (const m of models) {
    const t = optTable(m);
    const hit = short ? t.short.get(name) : t.long.get(name);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Read `args` (the words after the program name) against `model`. Every option must be one the
 * model lists, with its value where it takes one; the first operand must name a subcommand
 * when the model has them. Fails with the first word that is not understood.
 */
export function parseLine(program: string, root: ProgramModel, args: Arg[]): LineResult {
  const path = [program];
  let model = root;
  // Options in scope: the subcommand's own, then every ancestor's globals.
  let scope: ProgramModel[] = [root];
  const globals: ProgramModel[] = root.globals ? [{ opts: root.globals }] : [];
  const options: ParsedLine['options'] = [];
  const operands: Arg[] = [];
  let endOpts = false;
  let subChosen = !root.subs;
  const fail = (reason: string): LineResult => ({ ok: false, reason: `${path.join(' ')}: ${reason}` });
  const take = (i: number): Arg | null => args[i] ?? null;

  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg;
    const t = a.text;
    if (t === null) {
      if (!subChosen) return fail(`the subcommand ${a.raw} is only known at run time`);
      if (!endOpts && !cannotBeOption(a) && model.operands !== 'data') return fail(`${a.raw} is only known at run time and could be an option`);
      operands.push(a);
      continue;
    }
    if (!endOpts && t === '--') {
      endOpts = true;
      if (model.runsOperands) return done(args.slice(i + 1));
      continue;
    }
    if (!endOpts && t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq > 0 ? t.slice(0, eq) : t;
      const spec = lookup([...scope, ...globals], false, name);
      if (!spec) return fail(`unknown option ${name}`);
      if (spec.kind === 'x') return fail(`${name} runs a command`);
      if (spec.kind === 'flag') {
        if (eq > 0) return fail(`${name} takes no value`);
        options.push({ name, kind: 'flag', value: null });
        continue;
      }
      let value: Arg | null;
      if (eq > 0) value = { ...a, text: t.slice(eq + 1), raw: t.slice(eq + 1) };
      else if (spec.optional) value = null;
      else {
        value = take(++i);
        if (!value) return fail(`${name} needs a value`);
      }
      options.push({ name, kind: spec.kind, value });
      continue;
    }
    if (!endOpts && t.startsWith('-') && t.length > 1) {
      if (/^-\d+$/.test(t) && optTable(model).numeric) continue;
      for (let j = 1; j < t.length; j++) {
        const c = t[j] as string;
        const spec = lookup([...scope, ...globals], true, c);
        if (!spec) return fail(`unknown option -${c}${t.length > 2 ? ` (in ${t})` : ''}`);
        if (spec.kind === 'x') return fail(`-${c} runs a command`);
        if (spec.kind === 'flag') {
          options.push({ name: `-${c}`, kind: 'flag', value: null });
          continue;
        }
        const rest = t.slice(j + 1);
        const value = rest ? { ...a, text: rest, raw: rest } : spec.optional ? null : take(++i);
        if (spec.optional && !rest) {
          options.push({ name: `-${c}`, kind: spec.kind, value: null });
          break;
        }
        if (!value) return fail(`-${c} needs a value`);
        options.push({ name: `-${c}`, kind: spec.kind, value });
        break;
      }
      continue;
    }
    if (!subChosen) {
      const sub = Object.hasOwn(model.subs ?? {}, t) ? model.subs?.[t] : undefined;
      if (!sub) return fail(`unknown subcommand ${t}`);
      path.push(t);
      model = sub;
      if (sub.globals) globals.push({ opts: sub.globals });
      scope = [sub];
      subChosen = !sub.subs;
      continue;
    }
    if (model.runsOperands) return done(args.slice(i));
    operands.push(a);
    if (model.interleaved === false) endOpts = true;
  }
  return done(null);

  function done(runs: Arg[] | null): LineResult {
    if (!subChosen && !model.subOptional) return fail('no subcommand given');
    if (model.never) return fail(model.never);
    if (model.maxOperands !== undefined && operands.length > model.maxOperands) return fail(`takes at most ${model.maxOperands} operand(s)`);
    if (model.operands === 'exec' && operands.length > 0) return fail('runs its operands as a command');
    return { ok: true, line: { path, model, options, operands, runs } };
  }
}
