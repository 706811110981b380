import { posix } from 'node:path';
import type { Stmt, Word } from './bashIr';
import { resolvePath } from './paths';

/** A word after the expansions the engine can do without running anything. */
export interface Arg {
  raw: string;
  /** The value, or null when only the running shell could know it (variables, substitutions, brace expansion). */
  text: string | null;
  /** Contains an unquoted `*`, `?` or `[`: a pattern the shell expands against the file system. */
  glob: boolean;
  /** Substitutions inside the word (they run before the command). */
  subs: Stmt[];
}

export interface ExpandEnv {
  home: string;
  /** $PWD when the shell's directory is known for certain. */
  pwd: string | null;
}

export function evalWord(word: Word, env: ExpandEnv): Arg {
  let text: string | null = '';
  let glob = false;
  let unquoted = '';
  const subs: Stmt[] = [];
  for (const p of word.parts) {
    if (p.kind === 'sub') subs.push(p.script);
    if (text === null) continue;
    if (p.kind === 'lit') {
      text += p.text;
      if (!p.quoted) {
        unquoted += p.text;
        if (/[*?[]/.test(p.text)) glob = true;
      }
    } else if (p.kind === 'var' && p.name === 'HOME') text += env.home;
    else if (p.kind === 'var' && p.name === 'PWD' && env.pwd) text += env.pwd;
    else text = null;
  }
  // Brace expansion ({a,b}, {1..3}) turns one word into several: its value is not one path.
  if (/\{[^{}]*(,|\.\.)[^{}]*\}/.test(unquoted)) text = null;
  return { raw: word.raw, text, glob: text !== null && glob, subs };
}

/** A literal argument, for arguments the engine makes up itself (xargs input, find's `{}`). */
export function literalArg(text: string | null, raw = text ?? '…'): Arg {
  return { raw, text, glob: false, subs: [] };
}

export function basename(program: string): string {
  return posix.basename(program);
}

/** How a command reads when matched against rules: values where known, the source text otherwise. */
export function renderArgs(args: Arg[]): string {
  return args.map((a) => a.text ?? a.raw).join(' ');
}

export type Resolved = { abs: string; glob: boolean } | null;

/** Resolve an argument as a path from each directory the shell may be in; null entries are unknowable. */
export function resolveArg(arg: Arg, cwds: Array<string | null>, home: string): Resolved[] {
  if (arg.text === null) return [null];
  const text = arg.text;
  const absolute = text.startsWith('/') || text.startsWith('~');
  const bases = absolute ? [cwds[0] ?? '/'] : cwds;
  return bases.map((cwd) => {
    if (cwd === null) return null;
    const abs = resolvePath(text, cwd, home);
    return abs === null ? null : { abs, glob: arg.glob };
  });
}

/** Split short-option clusters: `-rf` → r, f. Returns null for non-options. */
export function shortFlags(text: string | null): string[] | null {
  if (text === null || !/^-[A-Za-z0-9]/.test(text) || text.startsWith('--')) return null;
  return [...text.slice(1)];
}

export function isOption(text: string | null): boolean {
  return text !== null && text.startsWith('-') && text !== '-';
}
