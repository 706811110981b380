import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import type { Assign, Redirect, SimpleCommand, Stmt, Word } from './bashIr';
import { MisparseError, toWord } from './bashWords';
import { heredocText, misparse } from './parseGuards';

/**
 * Shell commands are parsed with tree-sitter-bash (the grammar GitHub and editors use) running in
 * web-tree-sitter's WASM runtime. Both .wasm files ship inside their npm packages, so nothing is
 * downloaded at run time. Loading is asynchronous (WASM instantiation); parsing afterwards is
 * synchronous, which is what lets `decide` stay synchronous.
 */
let parser: Parser | null = null;
let loading: Promise<void> | null = null;

export interface ParserFiles {
  /** web-tree-sitter's runtime, default: resolved from the web-tree-sitter package. */
  runtimeWasm?: string;
  /** The bash grammar, default: resolved from the tree-sitter-bash package. */
  bashWasm?: string;
}

export function initBashParser(files: ParserFiles = {}): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const runtimeWasm = files.runtimeWasm ?? require.resolve('web-tree-sitter/web-tree-sitter.wasm');
    const bashWasm = files.bashWasm ?? require.resolve('tree-sitter-bash/tree-sitter-bash.wasm');
    await Parser.init({ locateFile: () => runtimeWasm });
    const p = new Parser();
    p.setLanguage(await Language.load(bashWasm));
    parser = p;
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

export function bashParserReady(): boolean {
  return parser !== null;
}

/** Commands longer than this are not parsed: nobody reviews them on a screen either. */
const MAX_SOURCE = 64 * 1024;

export type ParseResult = { ok: true; script: Stmt } | { ok: false; reason: string };

/** Callers check `bashParserReady()` first. */
export function parseBash(text: string): ParseResult {
  const out = parseBashTree(text, (root) => {
    source = text;
    return stmt(root);
  });
  return out.ok ? { ok: true, script: out.value } : out;
}

/**
 * Parse `text` and hand the checked tree to `use` (the tree is freed afterwards): a syntax error,
 * a known misparse or an over-long command is a reason instead. Shared by the judge and by
 * `commandSites`, so both refuse the same lines.
 */
export function parseBashTree<T>(text: string, use: (root: Node) => T): { ok: true; value: T } | { ok: false; reason: string } {
  if (!parser) throw new Error('bash parser not initialised');
  if (text.length > MAX_SOURCE) return { ok: false, reason: `command longer than ${MAX_SOURCE} characters` };
  const tree = parser.parse(text);
  if (!tree) return { ok: false, reason: 'the parser gave up' };
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const bad = root.descendantsOfType('ERROR')[0];
      return { ok: false, reason: bad ? `syntax error near ${JSON.stringify(bad.text.slice(0, 40))}` : 'incomplete command' };
    }
    const misread = misparse(root, text);
    if (misread) return { ok: false, reason: misread };
    try {
      return { ok: true, value: use(root) };
    } catch (err) {
      if (err instanceof MisparseError) return { ok: false, reason: err.message };
      throw err;
    }
  } finally {
    tree.delete();
  }
}

const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

/** The source being converted: here-document bodies are cut from it directly (see heredocText). */
let source = '';

/** Children tree-sitter may nest in a heredoc node; anything else (stray words) is a misparse. */
const HEREDOC_CHILDREN = new Set(['heredoc_start', 'heredoc_body', 'heredoc_end', 'file_redirect', 'herestring_redirect', 'heredoc_redirect', 'pipeline', 'command', 'list', 'redirected_statement', 'subshell', 'compound_statement', 'negated_command', 'variable_assignment', 'declaration_command', 'if_statement', 'while_statement', 'for_statement', 'case_statement', 'test_command', 'comment']);

function stmt(n: Node): Stmt {
  switch (n.type) {
    case 'list':
      return list(n);
    case 'program':
    case 'do_group':
    case 'else_clause':
    case 'elif_clause':
    case 'if_statement':
    case 'while_statement':
      return seq(n.namedChildren);
    case 'compound_statement':
      return n.children[0]?.type === '((' ? exprWords(n) : seq(n.namedChildren);
    case 'subshell':
      return { type: 'subshell', body: seq(n.namedChildren) };
    case 'negated_command':
      return seq(n.namedChildren);
    case 'pipeline':
      return { type: 'pipeline', items: n.namedChildren.filter((c) => c.type !== 'comment').map(stmt) };
    case 'command':
      return command(n);
    case 'variable_assignment':
    case 'variable_assignments':
    case 'declaration_command':
    case 'unset_command':
      return declaration(n);
    case 'redirected_statement':
      return redirected(n);
    case 'file_redirect':
    case 'herestring_redirect':
    case 'heredoc_redirect':
    {
      const words: Word[] = [];
      return { type: 'cmd', text: n.text, assigns: [], words, redirects: [redirect(n, words)] };
    }
    case 'for_statement':
      return seq(n.namedChildren.filter((c) => c.type !== 'variable_name'));
    case 'c_style_for_statement':
      return { type: 'seq', items: n.namedChildren.map((c) => (c.type === 'do_group' || c.type === 'compound_statement' ? stmt(c) : exprWords(c))) };
    case 'case_statement':
    case 'case_item':
      return seq(n.namedChildren);
    case 'test_command':
      return exprWords(n);
    case 'function_definition': {
      const body = n.namedChildren.find((c) => c.type !== 'word');
      const name = n.namedChildren[0]?.text ?? '';
      // `f() { cat; } < file` applies the redirect every time f runs: not modelled, so not trusted.
      if (n.namedChildren.some((c) => REDIRECTS.has(c.type))) return { type: 'unknown', text: n.text };
      return body ? { type: 'function', name, body: stmt(body) } : { type: 'unknown', text: n.text };
    }
    case 'word':
    case 'string':
    case 'raw_string':
    case 'concatenation':
    case 'simple_expansion':
    case 'expansion':
    case 'extglob_pattern':
    case 'number':
    case 'command_substitution':
      // Loop lists, case subjects and patterns: expanded, never run.
      return { type: 'words', words: [toWord(n, stmt)] };
    default:
      return { type: 'unknown', text: n.text };
  }
}

/**
 * `a && b` becomes an `and` chain: a `cd` in it certainly happened before the next item runs.
 * `a || b` (either may run after the other failed) is a plain sequence.
 */
function list(n: Node): Stmt {
  const op = n.children.find((c) => !c.isNamed && (c.type === '&&' || c.type === '||'))?.type;
  const items: Stmt[] = [];
  for (const c of n.namedChildren) {
    if (c.type === 'comment') continue;
    const s = stmt(c);
    if (op === '&&' && s.type === 'and') items.push(...s.items);
    else items.push(s);
  }
  return { type: op === '&&' ? 'and' : 'seq', items };
}

function seq(children: Node[]): Stmt {
  const items = children.filter((c) => c.type !== 'comment').map(stmt);
  return items.length === 1 ? (items[0] as Stmt) : { type: 'seq', items };
}

/** `[[ … ]]` and `(( … ))`: nothing runs but the substitutions inside. */
function exprWords(n: Node): Stmt {
  return { type: 'words', words: [toWord(n, stmt)] };
}

function command(n: Node): SimpleCommand {
  const out: SimpleCommand = { type: 'cmd', text: n.text, assigns: [], words: [], redirects: [] };
  const extras: Word[] = [];
  for (const c of n.namedChildren) {
    if (c.type === 'variable_assignment') out.assigns.push(assign(c));
    else if (REDIRECTS.has(c.type)) out.redirects.push(redirect(c, extras));
    else if (c.type === 'command_name') out.words.push(toWord(c.namedChildren[0] ?? c, stmt));
    else if (c.type !== 'comment') out.words.push(toWord(c, stmt));
  }
  out.words.push(...extras);
  return out;
}

/** `x=1`, `export A=1 B`, `local x=$(y)`, `unset x`: the keyword and bare names become words. */
function declaration(n: Node): SimpleCommand {
  const out: SimpleCommand = { type: 'cmd', text: n.text, assigns: [], words: [], redirects: [] };
  const keyword = n.children[0];
  if (keyword && !keyword.isNamed) out.words.push({ raw: keyword.text, parts: [{ kind: 'lit', text: keyword.text, quoted: false }] });
  const items = n.type === 'variable_assignment' ? [n] : n.namedChildren;
  for (const c of items) {
    if (c.type === 'variable_assignment') out.assigns.push(assign(c));
    else if (c.type !== 'comment') out.words.push(toWord(c, stmt));
  }
  return out;
}

function assign(n: Node): Assign {
  const value = n.namedChildren[1];
  return { name: n.namedChildren[0]?.text ?? '', value: value ? toWord(value, stmt) : null };
}

/**
 * tree-sitter-bash files the words after a redirection's target under the redirection
 * (`ls > /etc/x -la` gives `> /etc/x -la`): the target is the first word, the rest are the
 * command's arguments and go to `extras`.
 */
function redirect(n: Node, extras: Word[]): Redirect {
  const op = n.children.find((c) => !c.isNamed)?.type ?? '';
  const fd = n.namedChildren.find((c) => c.type === 'file_descriptor')?.text ?? null;
  if (n.type === 'heredoc_redirect') {
    const body = n.namedChildren.find((c) => c.type === 'heredoc_body');
    const subs = body ? body.descendantsOfType('command_substitution').map((s) => seq(s.namedChildren)) : [];
    return { op, fd, target: null, heredoc: { body: heredocText(n, source) ?? body?.text ?? '', subs } };
  }
  const [target, ...more] = n.namedChildren.filter((c) => c.type !== 'file_descriptor' && c.type !== 'comment');
  extras.push(...more.map((c) => toWord(c, stmt)));
  return { op, fd, target: target ? toWord(target, stmt) : null };
}

/**
 * tree-sitter-bash nests whatever follows a here-document's start on the same line inside the
 * heredoc node (`cat <<EOF | sh`, `cat <<EOF > f && rm x`); pull it back out into a pipeline or
 * sequence so it is judged like any other code.
 */
function redirected(n: Node): Stmt {
  const [bodyNode, ...rest] = n.namedChildren;
  if (!bodyNode || REDIRECTS.has(bodyNode.type)) return { type: 'unknown', text: n.text };
  const redirects: Redirect[] = [];
  const extras: Word[] = [];
  const pipeTail: Stmt[] = [];
  const after: Stmt[] = [];
  for (const r of rest) {
    if (!REDIRECTS.has(r.type)) return { type: 'unknown', text: n.text };
    redirects.push(redirect(r, extras));
    if (r.type !== 'heredoc_redirect') continue;
    if (r.namedChildren.some((c) => !HEREDOC_CHILDREN.has(c.type))) return { type: 'unknown', text: n.text };
    for (const c of r.namedChildren) {
      if (['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(c.type)) continue;
      if (REDIRECTS.has(c.type)) redirects.push(redirect(c, extras));
      else if (c.type === 'pipeline' && pipeTail.length === 0 && after.length === 0) pipeTail.push(...c.namedChildren.map(stmt));
      else after.push(stmt(c));
    }
  }
  let body = stmt(bodyNode);
  if (extras.length > 0) {
    if (body.type !== 'cmd') return { type: 'unknown', text: n.text };
    body = { ...body, words: [...body.words, ...extras] };
  }
  let out: Stmt = { type: 'redirected', body, redirects };
  if (pipeTail.length) out = { type: 'pipeline', items: [out, ...pipeTail] };
  return after.length ? { type: 'seq', items: [out, ...after] } : out;
}
