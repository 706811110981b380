import type { Node } from 'web-tree-sitter';
import { evalWord, literalArg, type Arg } from './args';
import { parseBashTree } from './bashParse';
import { toWord } from './bashWords';
import type { Stmt } from './bashIr';
import { unwrap } from './wrappers';

/**
 * Where the simple commands of a shell line are, so a caller can add arguments to one of them
 * in place (`sessions up` adds Claude's `--settings <file>` right after the agent program). It
 * uses the same grammar and the same wrapper list the policy judges commands with, so "the
 * program this command runs" means the same thing in both places.
 */
export interface CommandSite {
  /** Each word's value, or null when only the running shell could know it (`$X`, `$(…)`, globs). */
  words: (string | null)[];
  /** Index in the source right after each word. */
  ends: number[];
  /** Index of the word that is the program really run, after `env X=1`, `exec`, `nice`, … ; null when a wrapper runs nothing or the program is not a plain word. */
  program: number | null;
  /** Why this command does not simply run as part of the line itself, or null when it does. */
  nested: string | null;
}

export type CommandSitesResult = { ok: true; sites: CommandSite[] } | { ok: false; reason: string };

const NESTING: Record<string, string> = {
  command_substitution: 'inside a $(…) substitution',
  process_substitution: 'inside a <(…) substitution',
  function_definition: 'inside a function definition',
  heredoc_redirect: 'inside a here-document',
};

const WORD_SKIP = new Set(['variable_assignment', 'file_redirect', 'heredoc_redirect', 'herestring_redirect', 'comment']);

/** Callers check `bashParserReady()` (or `await initPolicy()`) first. */
export function commandSites(text: string): CommandSitesResult {
  const out = parseBashTree(text, (root) => {
    const sites: CommandSite[] = [];
    for (const node of root.descendantsOfType('command')) {
      if (node) sites.push(site(node));
    }
    return sites;
  });
  return out.ok ? { ok: true, sites: out.value } : out;
}

/** The program index for an argv that is already split (a configured argv array). */
export function programIndex(words: readonly (string | null)[]): number | null {
  return unwrappedStart(words.map((w) => (w === null ? literalArg(null, '?') : literalArg(w))));
}

function site(node: Node): CommandSite {
  const words: (string | null)[] = [];
  const ends: number[] = [];
  const args: Arg[] = [];
  for (const c of node.namedChildren) {
    if (!c || WORD_SKIP.has(c.type)) continue;
    const target = c.type === 'command_name' ? (c.namedChildren[0] ?? c) : c;
    const arg = evalWord(toWord(target, noStmt), { home: '~', pwd: null });
    const value = arg.text === null || arg.glob || arg.subs.length > 0 ? null : arg.text;
    words.push(value);
    ends.push(c.endIndex);
    args.push(value === null ? literalArg(null, c.text) : literalArg(value));
  }
  return { words, ends, program: unwrappedStart(args), nested: nesting(node) };
}

function unwrappedStart(args: Arg[]): number | null {
  const out = unwrap(args);
  // unwrap only drops words from the front, except for xargs, which makes up its own arguments.
  if (out.wrappers.includes('xargs') || out.args.length === 0) return null;
  const i = args.length - out.args.length;
  return args[i]?.text ? i : null;
}

function nesting(node: Node): string | null {
  for (let p = node.parent; p; p = p.parent) {
    const why = NESTING[p.type];
    if (why) return why;
  }
  return null;
}

/** Substitutions are found as separate sites by the tree walk; their scripts are not needed here. */
function noStmt(): Stmt {
  return { type: 'unknown', text: '' };
}
