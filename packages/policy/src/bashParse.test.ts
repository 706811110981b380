import { beforeAll, describe, expect, it } from 'vitest';
import { evalWord } from './args';
import type { SimpleCommand, Stmt } from './bashIr';
import { initBashParser, parseBash } from './bashParse';

beforeAll(() => initBashParser());

function script(source: string): Stmt {
  const r = parseBash(source);
  if (!r.ok) throw new Error(r.reason);
  return r.script;
}

/** A compact picture of a statement tree: command words as written, structure as nested arrays. */
function shape(s: Stmt): unknown {
  switch (s.type) {
    case 'cmd':
      return s.words.map((w) => w.raw).join(' ') || `<${s.redirects.map((r) => r.op).join(' ')}>`;
    case 'seq':
    case 'and':
    case 'pipeline':
      return { [s.type]: s.items.map(shape) };
    case 'subshell':
      return { subshell: shape(s.body) };
    case 'redirected':
      return { redirected: shape(s.body), redirects: s.redirects.map((r) => r.op) };
    case 'function':
      return { function: s.name, body: shape(s.body) };
    case 'words':
      return { words: s.words.map((w) => w.raw) };
    case 'unknown':
      return { unknown: s.text };
  }
}

describe('parseBash', () => {
  it.each<[string, unknown]>([
    ['npm test', 'npm test'],
    ['a && b && c', { and: ['a', 'b', 'c'] }],
    ['a && b || c', { seq: [{ and: ['a', 'b'] }, 'c'] }],
    ['a; b\nc', { seq: ['a', 'b', 'c'] }],
    ['a | b |& c', { pipeline: ['a', 'b', 'c'] }],
    ['(cd x && y)', { subshell: { and: ['cd x', 'y'] } }],
    ['{ a; b; }', { seq: ['a', 'b'] }],
    ['f() { a; }', { function: 'f', body: 'a' }],
    ['a > out 2>&1', { redirected: 'a', redirects: ['>', '>&'] }],
    ['cat <<EOF | sh\nrm x\nEOF', { pipeline: [{ redirected: 'cat', redirects: ['<<'] }, 'sh'] }],
    ['cat <<EOF > f && ls\nx\nEOF', { seq: [{ redirected: 'cat', redirects: ['<<', '>'] }, 'ls'] }],
    ['echo hi # rm -rf ~', 'echo hi'],
    ['[[ -f x ]] && y', { and: [{ words: ['[[ -f x ]]'] }, 'y'] }],
    ['for f in *.ts; do wc "$f"; done', { seq: [{ words: ['*.ts'] }, 'wc "$f"'] }],
  ])('%j', (source, expected) => {
    expect(shape(script(source))).toEqual(expected);
  });

  it.each(['echo "unterminated', 'if then fi', 'a &&', '$(', 'case x in'])('reports %j as unparseable', (source) => {
    expect(parseBash(source).ok).toBe(false);
  });

  it('keeps substitutions inside words as code to judge', () => {
    const cmd = script('echo "a $(rm x)" `ls`') as SimpleCommand;
    const subs = cmd.words.flatMap((w) => w.parts.filter((p) => p.kind === 'sub'));
    expect(subs.map((p) => (p.kind === 'sub' ? shape(p.script) : null))).toEqual(['rm x', 'ls']);
  });

  it('keeps the here-document body for a shell or interpreter reading stdin', () => {
    const s = script("python3 - <<'PY'\nprint(1)\nPY");
    expect(s.type === 'redirected' && s.redirects[0]?.heredoc?.body).toBe('print(1)\n');
  });
});

describe('evalWord', () => {
  const env = { home: '/home/dev', pwd: '/home/dev/proj' };
  const word = (source: string, i = 1) => {
    const cmd = script(`x ${source}`) as SimpleCommand;
    return evalWord(cmd.words[i] as never, env);
  };
  it.each<[string, string | null, boolean]>([
    ['plain', 'plain', false],
    ["'a b'", 'a b', false],
    ['a\\ b', 'a b', false],
    ['r\\m', 'rm', false],
    ['"$HOME"/x', '/home/dev/x', false],
    ['${HOME}', '/home/dev', false],
    ['$PWD/a', '/home/dev/proj/a', false],
    ['$OTHER', null, false],
    ['${HOME:-/}', null, false],
    ['"$(ls)"', null, false],
    ['*.ts', '*.ts', true],
    ["'*.ts'", '*.ts', false],
    ['\\*', '*', false],
    ['{a,b}.txt', null, false],
    ['{}', '{}', false],
    ["$'\\x72m'", null, false],
    ['"a\\"b"', 'a"b', false],
  ])('%s → %j (glob %s)', (source, text, glob) => {
    const arg = word(source);
    expect({ text: arg.text, glob: arg.glob }).toEqual({ text, glob });
  });
});
