import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

/**
 * The Python and JavaScript grammars (tree-sitter, same runtime as the bash parser), used to
 * read interpreter one-liners (`python -c`, `node -e`) as code rather than as text. Loaded once
 * by initPolicy; until then inline code escalates (it is never guessed at).
 */
export interface CodeGrammarFiles {
  /** tree-sitter-python's .wasm, default: resolved from the tree-sitter-python package. */
  pythonWasm?: string;
  /** tree-sitter-javascript's .wasm, default: resolved from the tree-sitter-javascript package. */
  javascriptWasm?: string;
}

const parsers: { python: Parser | null; javascript: Parser | null } = { python: null, javascript: null };
let loading: Promise<void> | null = null;

/** Call after the web-tree-sitter runtime is initialised (initBashParser does that). */
export function initCodeGrammars(files: CodeGrammarFiles = {}): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const [pyLang, jsLang] = await Promise.all([
      Language.load(files.pythonWasm ?? require.resolve('tree-sitter-python/tree-sitter-python.wasm')),
      Language.load(files.javascriptWasm ?? require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm')),
    ]);
    const py = new Parser();
    py.setLanguage(pyLang);
    const js = new Parser();
    js.setLanguage(jsLang);
    parsers.python = py;
    parsers.javascript = js;
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

export type CodeLang = 'python' | 'javascript';

/**
 * Parse `code` and hand the root to `judge`; the tree is freed afterwards. Returns a reason
 * string when the code is not understood (no grammar loaded, a syntax error, or the judge's own reason).
 */
export function withCodeTree(lang: CodeLang, code: string, judge: (root: Node) => string | null): string | null {
  const parser = parsers[lang];
  if (!parser) return `the ${lang} grammar is not loaded`;
  if (code.length > 16 * 1024) return `${lang} code longer than 16 KiB`;
  const tree = parser.parse(code);
  if (!tree) return `the ${lang} parser gave up`;
  try {
    if (tree.rootNode.hasError) return `${lang} code with a syntax error`;
    return judge(tree.rootNode);
  } finally {
    tree.delete();
  }
}
