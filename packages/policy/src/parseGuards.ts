import type { Node } from 'web-tree-sitter';

/**
 * Checks on tree-sitter-bash's output that the grammar itself does not make. Each one turns a
 * known silent misparse into a parse failure, which escalates.
 */
export function misparse(root: Node, text: string): string | null {
  return strayLineBreak(root) ?? joinedLines(root, text);
}

/** Tokens that may span lines: quoted text, here-documents, comments, and the line breaks themselves. */
const MULTILINE_TOKENS = new Set(['string_content', 'raw_string', 'ansi_c_string', 'heredoc_body', 'heredoc_content', 'heredoc_end', 'comment', '\n', '"', 'translated_string']);

/** Nodes inside which a line break is legitimate (nested code, quoted text, here-documents). */
const LINE_HOLES = new Set(['command_substitution', 'process_substitution', 'string', 'raw_string', 'ansi_c_string', 'translated_string', 'heredoc_redirect', 'heredoc_body', 'comment', 'arithmetic_expansion', 'expansion', 'array', 'subshell', 'compound_statement']);
const ONE_LINE = new Set(['command', 'file_redirect', 'herestring_redirect', 'declaration_command', 'unset_command', 'variable_assignment']);

/**
 * The other half of the same parser bug: `ls⏎\\⏎rm -rf /` parses as one command `ls rm -rf /`
 * (bash runs `ls`, then `rm -rf /`). A simple command spans lines only through `\⏎`
 * continuations or inside nested code and quotes; any other line break in it is a misparse.
 */
function joinedLines(node: Node, text: string): string | null {
  if (ONE_LINE.has(node.type)) {
    const holes: Array<[number, number]> = [];
    const collect = (n: Node) => {
      for (const c of n.children) {
        if (LINE_HOLES.has(c.type)) holes.push([c.startIndex, c.endIndex]);
        else collect(c);
      }
    };
    collect(node);
    for (let i = node.startIndex; i < node.endIndex; i++) {
      if (text[i] !== '\n' && text[i] !== '\r') continue;
      if (holes.some(([a, b]) => i >= a && i < b)) continue;
      let slashes = 0;
      while (text[i - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) return `a line break splits ${JSON.stringify(node.text.slice(0, 40))} into two commands the parser joined`;
    }
  }
  for (const c of node.children) {
    const found = joinedLines(c, text);
    if (found) return found;
  }
  return null;
}

/**
 * tree-sitter-bash sometimes swallows a line break and the start of the next line into a token
 * of the previous command without reporting an error (`ls⏎\\rm -rf /` parses as `ls` with two
 * arguments). A line break may only sit inside a multi-line token or as a `\⏎` continuation;
 * anywhere else the parse is not trusted.
 */
function strayLineBreak(node: Node): string | null {
  if (node.childCount === 0) {
    if (!/[\n\r]/.test(node.text) || MULTILINE_TOKENS.has(node.type)) return null;
    if (!/(^|[^\\])(\\\\)*[\n\r]/.test(node.text)) return null;
    return `line break inside ${node.type} ${JSON.stringify(node.text.slice(0, 30))}`;
  }
  for (const c of node.children) {
    const found = strayLineBreak(c);
    if (found) return found;
  }
  return null;
}

/**
 * A here-document's text, cut from the source between the end of the line that started it (or
 * the previous here-document on that line) and its delimiter. tree-sitter's heredoc_body node
 * drops leading blanks, and for a body starting with a backslash it is empty.
 */
export function heredocText(n: Node, source: string): string | null {
  const start = n.namedChildren.find((c) => c.type === 'heredoc_start');
  const end = n.namedChildren.find((c) => c.type === 'heredoc_end');
  if (!start || !end) return null;
  let from = source.indexOf('\n', start.endIndex) + 1;
  for (const other of n.tree.rootNode.descendantsOfType('heredoc_end')) {
    if (other.endIndex > from && other.endIndex <= end.startIndex) from = source.indexOf('\n', other.endIndex) + 1;
  }
  return from > 0 && from <= end.startIndex ? source.slice(from, end.startIndex) : null;
}
