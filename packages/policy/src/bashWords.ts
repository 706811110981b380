import type { Node } from 'web-tree-sitter';
import type { Stmt, Word, WordPart } from './bashIr';

/** Converts a statement node; passed in to keep words and statements in separate modules. */
export type StmtConverter = (node: Node) => Stmt;

/** A shell word as the judge sees it: literal pieces, variables, substitutions, unknowns. */
export function toWord(node: Node, stmt: StmtConverter): Word {
  const parts: WordPart[] = [];
  visit(node, parts, stmt);
  return { raw: node.text, parts };
}

function visit(n: Node, parts: WordPart[], stmt: StmtConverter): void {
  switch (n.type) {
    case 'word':
      unquotedWord(n.text, parts);
      return;
    case 'number':
    case 'extglob_pattern':
    case 'regex':
    case 'test_operator':
      parts.push({ kind: 'lit', text: n.text, quoted: false });
      return;
    case 'raw_string':
      parts.push({ kind: 'lit', text: n.text.slice(1, -1), quoted: true });
      return;
    case 'ansi_c_string':
      // $'…' escapes (\x41, \u…) can spell anything: only an escape-free one is literal.
      if (n.text.includes('\\')) parts.push({ kind: 'dyn', text: n.text });
      else parts.push({ kind: 'lit', text: n.text.slice(2, -1), quoted: true });
      return;
    case 'string':
    case 'translated_string':
      doubleQuoted(n, parts, stmt);
      return;
    case 'concatenation':
      for (const c of n.children) if (c) visit(c, parts, stmt);
      return;
    case 'simple_expansion':
    case 'expansion': {
      const named = n.namedChildren.filter((c): c is Node => c !== null);
      const anon = n.children.filter((c) => c && !c.isNamed).map((c) => c?.type);
      const plain = named.length === 1 && named[0]?.type === 'variable_name' && anon.every((t) => t === '$' || t === '${' || t === '}');
      if (plain) parts.push({ kind: 'var', name: (named[0] as Node).text });
      else dynamic(n, parts, stmt);
      return;
    }
    case 'command_substitution':
    case 'process_substitution':
      parts.push({ kind: 'sub', script: subScript(n, stmt), proc: n.type === 'process_substitution' });
      return;
    default:
      dynamic(n, parts, stmt);
  }
}

/** Unknown value; still collect the substitutions inside it, because they run. */
function dynamic(n: Node, parts: WordPart[], stmt: StmtConverter): void {
  parts.push({ kind: 'dyn', text: n.text });
  for (const sub of n.descendantsOfType(['command_substitution', 'process_substitution'])) {
    if (!sub || hasSubAncestorBelow(sub, n)) continue;
    parts.push({ kind: 'sub', script: subScript(sub, stmt), proc: sub.type === 'process_substitution' });
  }
}

function hasSubAncestorBelow(node: Node, top: Node): boolean {
  for (let p = node.parent; p && p.id !== top.id; p = p.parent) {
    if (p.type === 'command_substitution' || p.type === 'process_substitution') return true;
  }
  return false;
}

function subScript(n: Node, stmt: StmtConverter): Stmt {
  const items = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').map((c) => stmt(c));
  return items.length === 1 ? (items[0] as Stmt) : { type: 'seq', items };
}

/** The parser put a line break inside an unquoted word: it has misread the command (fail closed). */
export class MisparseError extends Error {}

/** Unquoted text: backslash quotes the next character; unescaped glob and brace characters stay active. */
function unquotedWord(text: string, parts: WordPart[]): void {
  // tree-sitter-bash reads `ls⏎\rm -rf /` as ONE command `ls` with the word `⏎\rm`. An unquoted
  // word can hold a newline only as a `\⏎` continuation; anything else means a misparse.
  if (/(^|[^\\])(\\\\)*[\n\r]/.test(text)) throw new MisparseError(`line break inside the word ${JSON.stringify(text.slice(0, 30))}`);
  let plain = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length) {
      if (plain) parts.push({ kind: 'lit', text: plain, quoted: false });
      plain = '';
      const next = text[++i] as string;
      if (next !== '\n') parts.push({ kind: 'lit', text: next, quoted: true });
    } else plain += ch;
  }
  if (plain || parts.length === 0) parts.push({ kind: 'lit', text: plain, quoted: false });
}

function doubleQuoted(n: Node, parts: WordPart[], stmt: StmtConverter): void {
  const before = parts.length;
  for (const c of n.children) {
    if (!c || c.type === '"' || c.type === '$"') continue;
    if (c.type === 'string_content') {
      parts.push({ kind: 'lit', text: c.text.replace(/\\([$`"\\\n])/g, (_m, ch: string) => (ch === '\n' ? '' : ch)), quoted: true });
    } else visit(c, parts, stmt);
  }
  if (parts.length === before) parts.push({ kind: 'lit', text: '', quoted: true });
  // Inside double quotes, glob characters are literal even when produced by nested word nodes.
  for (let i = before; i < parts.length; i++) {
    const p = parts[i] as WordPart;
    if (p.kind === 'lit') parts[i] = { ...p, quoted: true };
  }
}
