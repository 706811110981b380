/** Comment syntax per language, chosen by file extension or well-known file name. */
export interface CommentSyntax {
  line: string[];
  block: [string, string][];
  /** Quote characters that open a single-line string (a comment marker inside one is not a comment). */
  quotes: string[];
}

const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'", '`'] };
const HASH: CommentSyntax = { line: ['#'], block: [], quotes: ['"', "'"] };
const DASH: CommentSyntax = { line: ['--'], block: [['/*', '*/']], quotes: ["'", '"'] };
const MARKUP: CommentSyntax = { line: [], block: [['<!--', '-->']], quotes: [] };
const SFC: CommentSyntax = { line: ['//'], block: [['/*', '*/'], ['<!--', '-->']], quotes: ['"', "'", '`'] };

const BY_EXTENSION: Record<string, CommentSyntax> = {};
function assign(syntax: CommentSyntax, exts: string[]): void {
  for (const e of exts) BY_EXTENSION[e] = syntax;
}
assign(C_LIKE, ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'java', 'go', 'swift', 'kt', 'kts', 'scala', 'cs', 'dart', 'groovy', 'scss', 'less', 'proto', 'zig']);
// Rust: a single quote opens a lifetime more often than a char literal, so only " is a string.
BY_EXTENSION.rs = { line: ['//'], block: [['/*', '*/']], quotes: ['"'] };
BY_EXTENSION.css = { line: [], block: [['/*', '*/']], quotes: ['"', "'"] };
BY_EXTENSION.php = { line: ['//', '#'], block: [['/*', '*/']], quotes: ['"', "'"] };
assign(HASH, ['py', 'sh', 'bash', 'zsh', 'fish', 'rb', 'pl', 'pm', 'yaml', 'yml', 'toml', 'r', 'cmake', 'ex', 'exs', 'nix', 'tf', 'ps1', 'conf', 'cfg']);
assign(DASH, ['sql', 'lua', 'hs', 'elm', 'ada']);
assign(MARKUP, ['html', 'htm', 'xml', 'svg', 'md', 'markdown']);
assign(SFC, ['vue', 'svelte', 'astro']);
assign({ line: [';'], block: [], quotes: ['"'] }, ['lisp', 'clj', 'cljs', 'el', 'scm', 'ini', 'asm']);
assign({ line: ['%'], block: [], quotes: [] }, ['tex', 'erl', 'm']);

const BY_NAME: Record<string, CommentSyntax> = {
  Makefile: HASH,
  Dockerfile: HASH,
  Rakefile: HASH,
  Gemfile: HASH,
  '.gitignore': HASH,
  '.env.example': HASH,
};

export function commentSyntaxFor(file: string): CommentSyntax | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (BY_NAME[base]) return BY_NAME[base];
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}
