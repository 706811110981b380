/**
 * A small, parser-independent picture of a shell script: just what the judge needs. Everything
 * the parser produced that is not modelled here becomes `unknown`, which the judge escalates.
 */
export type WordPart =
  | { kind: 'lit'; text: string; quoted: boolean }
  /** `$NAME` / `${NAME}`: the judge resolves HOME and PWD, anything else stays unknown. */
  | { kind: 'var'; name: string }
  /** `$(…)`, backticks (proc=false) or `<(…)`, `>(…)` (proc=true): code that runs. */
  | { kind: 'sub'; script: Stmt; proc: boolean }
  /** Anything else whose value is only known at run time: `${x:-y}`, `$((…))`, `$'…'`. */
  | { kind: 'dyn'; text: string };

export interface Word {
  raw: string;
  parts: WordPart[];
}

export interface Redirect {
  /** '>', '>>', '<', '&>', '&>>', '>|', '<>', '>&', '<&', '<<', '<<-', '<<<' */
  op: string;
  fd: string | null;
  target: Word | null;
  /** Here-document text (for `<<`), with the substitutions an unquoted body runs. */
  heredoc?: { body: string; subs: Stmt[] };
}

export interface Assign {
  name: string;
  value: Word | null;
}

export interface SimpleCommand {
  type: 'cmd';
  text: string;
  assigns: Assign[];
  words: Word[];
  redirects: Redirect[];
}

export type Stmt =
  | SimpleCommand
  /** Runs in the current shell, in order: `a; b`, `a && b`, `{ …; }`, if/while/for/case bodies. */
  | { type: 'seq'; items: Stmt[] }
  /** `a && b && c`: each item runs only after the previous one succeeded. */
  | { type: 'and'; items: Stmt[] }
  /** Runs in a child shell: a `cd` inside does not leak out. */
  | { type: 'subshell'; body: Stmt }
  | { type: 'pipeline'; items: Stmt[] }
  | { type: 'redirected'; body: Stmt; redirects: Redirect[] }
  | { type: 'function'; name: string; body: Stmt }
  /** Words that are expanded (so their substitutions run) but not run as a command: for-lists, case subjects, `[[ … ]]`. */
  | { type: 'words'; words: Word[] }
  | { type: 'unknown'; text: string };

/** Every statement nested anywhere in `stmt`, including substitutions inside words. */
export function* walkStmts(stmt: Stmt): Generator<Stmt> {
  yield stmt;
  switch (stmt.type) {
    case 'cmd':
      for (const w of [...stmt.words, ...stmt.assigns.flatMap((a) => (a.value ? [a.value] : []))]) yield* walkWordSubs(w);
      for (const r of stmt.redirects) yield* walkRedirectSubs(r);
      return;
    case 'seq':
    case 'and':
    case 'pipeline':
      for (const s of stmt.items) yield* walkStmts(s);
      return;
    case 'subshell':
    case 'function':
      yield* walkStmts(stmt.body);
      return;
    case 'redirected':
      yield* walkStmts(stmt.body);
      for (const r of stmt.redirects) yield* walkRedirectSubs(r);
      return;
    case 'words':
      for (const w of stmt.words) yield* walkWordSubs(w);
      return;
    case 'unknown':
      return;
  }
}

function* walkWordSubs(word: Word): Generator<Stmt> {
  for (const p of word.parts) if (p.kind === 'sub') yield* walkStmts(p.script);
}

function* walkRedirectSubs(r: Redirect): Generator<Stmt> {
  if (r.target) yield* walkWordSubs(r.target);
  for (const s of r.heredoc?.subs ?? []) yield* walkStmts(s);
}
