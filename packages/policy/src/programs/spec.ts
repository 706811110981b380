/**
 * The positive model (SPEC §5): a program is approved under a wildcard rule only when every
 * word of its command line is accounted for by a model of that program. A model lists the
 * options it accepts (with or without a value), its subcommands, and what its operands are.
 * Anything the model does not list is "not understood" and escalates.
 *
 * Options are written compactly, one string per model: `-v` a flag, `-n=` a short option that
 * takes a value (attached `-n5` or separate `-n 5`), `--all` a long flag, `--sort=` a long option
 * that takes a value (`--sort=x` or `--sort x`), `--color?` a long option whose value may only be
 * attached (`--color` or `--color=auto`). `-NUM` accepts `-5`-style counts (head, tail).
 * A value may carry its role after the `=`: `-o=w` (a file written: it must stay inside the
 * workspace), `--file=r` (a file read: it must not be a secret), `--exec=x` (a command run: never
 * understood, so it escalates), `-f=p` (a project file the program runs or obeys: it must lie
 * inside the workspace, so `make -f /dev/stdin` and `make -C ~` are not understood).
 */

/**
 * What a command's operands are: read, written, run, plain data (messages, names), or `project`:
 * files of the project the program runs (test files), which must lie inside the workspace.
 */
export type OperandRole = 'read' | 'write' | 'exec' | 'data' | 'none' | 'project';

export interface ProgramModel {
  /** Space-separated option spec (see above). */
  opts?: string;
  /** Options every subcommand accepts too (`git --no-pager`, `npm --registry`). */
  globals?: string;
  /** Subcommands; the first operand must name one of them. */
  subs?: Record<string, ProgramModel>;
  /** A subcommand is optional (`git stash`, `docker compose`): a missing one is fine. */
  subOptional?: boolean;
  operands?: OperandRole;
  /** Most operands allowed (e.g. `pwd` takes none). */
  maxOperands?: number;
  /** Options may follow operands (GNU style); false stops option parsing at the first operand. */
  interleaved?: boolean;
  /** Why this command can never be understood well enough for a wildcard (kept for the explanation). */
  never?: string;
  /** The operands after the subcommand are a command line that runs (`npm exec`, `cargo run --`). */
  runsOperands?: boolean;
}

/** How an option is used: a flag, or a value that is plain (`v`), read (`r`), written (`w`) or run (`x`). */
export type OptKind = 'flag' | 'v' | 'r' | 'w' | 'x' | 'p';

export interface OptSpec {
  kind: OptKind;
  /** The value may only be attached (`--color=auto`, `-i.bak`); without one the option is a flag. */
  optional: boolean;
}

interface OptTable {
  short: Map<string, OptSpec>;
  long: Map<string, OptSpec>;
  numeric: boolean;
}

const tables = new WeakMap<ProgramModel, OptTable>();

export function optTable(model: ProgramModel): OptTable {
  let t = tables.get(model);
  if (t) return t;
  t = { short: new Map(), long: new Map(), numeric: false };
  for (const o of (model.opts ?? '').split(/\s+/).filter(Boolean)) {
    if (o === '-NUM') {
      t.numeric = true;
      continue;
    }
    const m = /^(-{1,2}[^=?]+)(\?)?(=([rwxvp]?))?$/.exec(o);
    if (!m) throw new Error(`bad option spec ${o}`);
    const kind: OptKind = m[3] === undefined ? 'flag' : ((m[4] || 'v') as OptKind);
    const name = m[1] as string;
    const spec: OptSpec = { kind: m[2] && kind === 'flag' ? 'v' : kind, optional: !!m[2] };
    if (name.startsWith('--')) t.long.set(name, spec);
    else t.short.set(name.slice(1, 2), spec);
  }
  tables.set(model, t);
  return t;
}

