import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyScreen, type Provider } from '@architect/tmux';
import { readComposer } from './composerReader';

// Captured from the fake agents in tmux (100×30): an empty composer, typed text, a multi-line
// paste (collapsed by Claude), the turn running, and the turn done.
const dir = path.join(import.meta.dirname, 'fixtures/composer');
const providers: Record<string, Provider> = { c2: 'claude', c1: 'claude', cx: 'codex', ai: 'aider' };
const read = (agent: string, phase: string) => fs.readFileSync(path.join(dir, `${agent}.${phase}.txt`), 'utf8');

describe.each(Object.entries(providers))('%s composer', (agent, provider) => {
  it('empty when idle and untouched', () => {
    const v = readComposer(provider, read(agent, 'idle-empty'));
    expect(v).toMatchObject({ found: true, text: '' });
    expect(classifyScreen(provider, read(agent, 'idle-empty')).state).toBe('idle');
  });
  it('shows typed text', () => {
    expect(readComposer(provider, read(agent, 'idle-typed'))).toMatchObject({ found: true, text: 'hello world typed' });
  });
  it('is not empty after a paste', () => {
    const v = readComposer(provider, read(agent, 'idle-pasted'));
    expect(v.found).toBe(true);
    expect(v.text).toMatch(/^hello world typed/);
  });
  it('the detector sees the turn running', () => {
    expect(classifyScreen(provider, read(agent, 'busy')).state).toBe('busy');
  });
  it('empty again when the turn is done', () => {
    expect(readComposer(provider, read(agent, 'done'))).toMatchObject({ found: true, text: '' });
    expect(classifyScreen(provider, read(agent, 'done')).state).toBe('idle');
  });
});

it('finds nothing on a blank screen or for providers without a reader', () => {
  expect(readComposer('claude', '\n\n').found).toBe(false);
  expect(readComposer('gemini', read('c2', 'idle-empty')).found).toBe(false);
});

it('a dim placeholder in an empty Codex composer reads as empty (captured with escapes)', () => {
  expect(readComposer('codex', read('cx-placeholder', 'idle-empty'))).toMatchObject({ found: true, text: '' });
  expect(readComposer('codex', read('cx-placeholder', 'idle-typed'))).toMatchObject({ found: true, text: 'hello world typed' });
});
