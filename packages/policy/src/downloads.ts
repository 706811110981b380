import { basename, evalWord, type ExpandEnv } from './args';
import { walkStmts, type Stmt } from './bashIr';
import { DOWNLOADERS, invocation } from './interpreters';
import { unwrap } from './wrappers';

/**
 * "Download and run": `curl … | sh`, `bash <(curl …)`, `sh -c "$(wget -O- …)"`. Any statement
 * that mentions a downloader as a command word counts, however deeply nested.
 */
export function containsDownloader(stmt: Stmt): boolean {
  for (const s of walkStmts(stmt)) {
    if (s.type !== 'cmd') continue;
    for (const w of s.words) {
      const lit = w.parts.every((p) => p.kind === 'lit') ? w.parts.map((p) => (p.kind === 'lit' ? p.text : '')).join('') : null;
      if (lit && DOWNLOADERS.has(basename(lit))) return true;
    }
  }
  return false;
}

/** Does this pipeline element run its standard input as code (`sh`, `bash -s`, `python -`, `source /dev/stdin`)? */
export function isCodeSink(stmt: Stmt, env: ExpandEnv): boolean {
  const cmd = stmt.type === 'redirected' ? stmt.body : stmt;
  if (cmd.type !== 'cmd') return cmd.type === 'subshell' || cmd.type === 'seq' ? [...walkStmts(cmd)].some((s) => s !== cmd && isCodeSink(s, env)) : false;
  const args = unwrap(cmd.words.map((w) => evalWord(w, env))).args;
  const program = args[0]?.text;
  if (!program) return false;
  const name = basename(program);
  if (['sudo', 'doas', 'su', 'eval'].includes(name)) return true;
  if ((name === 'source' || name === '.') && ['/dev/stdin', '-', '/proc/self/fd/0'].includes(args[1]?.text ?? '')) return true;
  const inv = invocation(program, args.slice(1));
  return inv !== null && inv.lang !== 'awk' && inv.stdin;
}

/** Code runners whose code (an argument, a here-string) comes from a download. */
export function runsDownloadedCode(program: string, argSubs: Stmt[]): boolean {
  const name = basename(program);
  const runner = invocation(program, []) !== null || ['eval', 'source', '.', 'sudo', 'doas', 'xargs'].includes(name);
  return runner && argSubs.some((s) => containsDownloader(s));
}
