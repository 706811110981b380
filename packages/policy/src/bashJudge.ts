import { posix } from 'node:path';
import { evalWord, type ExpandEnv } from './args';
import type { Stmt } from './bashIr';
import { walkStmts } from './bashIr';
import { parseBash } from './bashParse';
import { judgeCommand, type StdinSource } from './commandJudge';
import type { CompiledPolicy } from './compile';
import { containsDownloader, isCodeSink } from './downloads';
import type { PolicyContext } from './types';
import { deny, escalate, type Verdict } from './verdict';

export interface Part {
  text: string;
  verdict: Verdict;
}

/** Where the judge is: the shell's possible directories, nesting depth, and the verdicts so far. */
export interface JudgeState {
  ctx: PolicyContext;
  policy: CompiledPolicy;
  /** Every directory the shell may be in at this point; null means "somewhere unknown". */
  cwds: Array<string | null>;
  depth: number;
  parts: Part[];
  /** Shell functions defined so far: calling one runs a body that was already judged. */
  functions: Set<string>;
  /** Inside `a && b`: a `cd` that succeeded is the only way the next item runs. */
  certainCd: boolean;
  /** Files written so far in this request ('?' when a target is unknown): running one later is a payload. */
  written: Set<string>;
}

const MAX_DEPTH = 6;

/** Parse and judge shell source (the request itself, or code it runs: `bash -c`, `eval`, heredocs). */
export function judgeSource(source: string, st: JudgeState, label: string): void {
  if (st.depth > MAX_DEPTH) {
    st.parts.push({ text: label, verdict: escalate('too-deep', 'shell code nested too deeply to follow') });
    return;
  }
  const parsed = parseBash(source);
  if (!parsed.ok) {
    st.parts.push({ text: label, verdict: { outcome: 'escalate', rule: 'parse:unparseable', reason: `${label}: ${parsed.reason}` } });
    return;
  }
  const inner: JudgeState = { ...st, depth: st.depth + 1, cwds: [...st.cwds], functions: new Set(st.functions) };
  judgeStmt(parsed.script, inner);
}

export function expandEnv(st: JudgeState): ExpandEnv {
  return { home: st.ctx.home, pwd: st.cwds.length === 1 ? (st.cwds[0] ?? null) : null };
}

export function judgeStmt(stmt: Stmt, st: JudgeState, stdin: StdinSource | null = null): void {
  switch (stmt.type) {
    case 'cmd':
      judgeCommand(stmt, st, stdin);
      return;
    case 'seq': {
      const certain = st.certainCd;
      st.certainCd = false;
      // Input redirected into a group (`{ a; b; } <<EOF`, or tree-sitter's `a && sh <<EOF`) reaches every command in it.
      for (const s of stmt.items) judgeStmt(s, st, stdin);
      st.certainCd = certain;
      return;
    }
    case 'and': {
      // In `a && b` the chain may stop after any item: afterwards the shell can be in any of those directories.
      const seen = [...st.cwds];
      const certain = st.certainCd;
      st.certainCd = true;
      for (const s of stmt.items) {
        judgeStmt(s, st, stdin);
        seen.push(...st.cwds);
      }
      st.certainCd = certain;
      st.cwds = dedupe(seen);
      return;
    }
    case 'subshell':
      judgeScoped(stmt.body, st, stdin);
      return;
    case 'pipeline':
      judgePipeline(stmt.items, st, stdin);
      return;
    case 'redirected': {
      const heredoc = stmt.redirects.find((r) => r.heredoc);
      const herestring = stmt.redirects.find((r) => r.op === '<<<' && r.target);
      const source: StdinSource | null = heredoc?.heredoc
        ? { kind: 'text', text: heredoc.heredoc.body }
        : herestring?.target
          ? { kind: 'text', text: evalWord(herestring.target, expandEnv(st)).text }
          : stdin;
      if (stmt.body.type === 'cmd') {
        judgeCommand({ ...stmt.body, redirects: [...stmt.body.redirects, ...stmt.redirects] }, st, source);
      } else {
        judgeCommand({ type: 'cmd', text: '', assigns: [], words: [], redirects: stmt.redirects }, st, null);
        judgeStmt(stmt.body, st, source);
      }
      return;
    }
    case 'function': {
      const recursive = [...walkStmts(stmt.body)].some((s) => s.type === 'cmd' && s.words[0]?.raw === stmt.name);
      if (recursive) {
        st.parts.push({ text: `${stmt.name}()`, verdict: deny('fork-bomb', `function ${stmt.name} calls itself (fork bomb)`) });
        return;
      }
      st.functions.add(stmt.name);
      judgeScoped(stmt.body, st);
      return;
    }
    case 'words':
      // `[[ -v 'a[$(cmd)]' ]]` and `[[ $x -eq 1 ]]` evaluate subscripts and arithmetic: code hidden in a value runs.
      if (stmt.words.some((w) => /(^|\s)-[vR]\s|\s-(eq|ne|lt|le|gt|ge)\s/.test(` ${w.raw} `))) {
        st.parts.push({ text: stmt.words[0]?.raw ?? '', verdict: escalate('eval-expansion', 'a test that evaluates an array subscript or arithmetic can run code hidden in a variable') });
      }
      for (const w of stmt.words) {
        for (const p of w.parts) if (p.kind === 'sub') judgeScoped(p.script, st);
      }
      return;
    case 'unknown':
      st.parts.push({ text: stmt.text, verdict: { outcome: 'escalate', rule: 'parse:unsupported', reason: `cannot judge ${JSON.stringify(stmt.text.slice(0, 60))}` } });
      return;
  }
}

/** Run in a child shell: directory changes inside do not leak out. */
export function judgeScoped(stmt: Stmt, st: JudgeState, stdin: StdinSource | null = null): void {
  const saved = st.cwds;
  st.cwds = [...saved];
  judgeStmt(stmt, st, stdin);
  st.cwds = saved;
}

function judgePipeline(items: Stmt[], st: JudgeState, stdin: StdinSource | null): void {
  const env = expandEnv(st);
  for (let j = 1; j < items.length; j++) {
    if (!isCodeSink(items[j] as Stmt, env)) continue;
    if (items.slice(0, j).some((s) => containsDownloader(s))) {
      st.parts.push({ text: 'pipeline', verdict: deny('download-to-shell', 'pipes a download into a shell or interpreter') });
    }
  }
  // Every element of a pipeline runs in its own child shell; each reads the previous one's output.
  items.forEach((s, j) => judgeScoped(s, st, j > 0 ? { kind: 'pipe', from: items[j - 1] as Stmt } : stdin));
}

export function changeDirectory(st: JudgeState, target: string | null): void {
  const certain = st.certainCd;
  const next = st.cwds.map((c) => (target === null || c === null ? null : posix.resolve(c, target)));
  // A `cd` that may fail (`cd x; rm -rf *`) leaves the shell where it was: keep both.
  st.cwds = dedupe(certain ? next : [...st.cwds, ...next]);
}

function dedupe(cwds: Array<string | null>): Array<string | null> {
  return [...new Set(cwds)];
}
