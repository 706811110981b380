import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { screenResponse } from './screenResponse';

const dir = path.join(import.meta.dirname, '../../../packages/tmux/fixtures/composer');
const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
const prompt = 'hello world typedline one\nline two\nline3\nline4\n';

it.each([
  ['c1', 'claude'],
  ['cx', 'codex'],
  ['ai', 'aider'],
])('%s: the reply below the prompt echo, without the input area', (agent, provider) => {
  const out = screenResponse(provider, read(`${agent}.done.txt`), read(`${agent}.idle-empty.txt`), prompt);
  expect(out).toMatch(/done: hello world typedline one/);
  expect(out).not.toMatch(/context left|for shortcuts|^>|❯/m);
  expect(out.split('\n')[0]).toMatch(/done: hello world/);
});

it('without a baseline it still returns the screen above the input area', () => {
  const out = screenResponse('claude', read('c2.done.txt'), undefined, 'x');
  expect(out).toContain('Claude Code');
  expect(out).not.toContain('for shortcuts');
});

it('finds the baseline across blank rows and scrollback (aider between turns)', () => {
  const before = ['Aider v0.86', '────────', '> first prompt', '', 'done: first prompt', 'Tokens: 1', '', '────────', '>'].join('\n');
  const after = [...before.split('\n').slice(0, -1), '> second prompt', '', 'done: second prompt', 'Tokens: 2', '', '────────', '>'].join('\n');
  expect(screenResponse('aider', after, before, 'second prompt')).toBe('done: second prompt\nTokens: 2');
});
