import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readComposer } from './composerReader';
import { classifyScreen } from './index';
import type { Provider } from './types';

// Captured from the fake agents in tmux (100×30): an empty composer, typed text, a multi-line
// paste (collapsed by Claude), the turn running, and the turn done.
const dir = path.join(import.meta.dirname, '../../fixtures/composer');
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

describe('Claude 2.1.2xx composer', () => {
  const rule = '─'.repeat(60);
  const screen = (composerRow: string, below: string[] = []) =>
    ['⏺ Done.', '', rule, composerRow, rule, '  ? for shortcuts', ...below].join('\n');

  it('reads the example prompt after `❯` and a no-break space as empty, dim or not', () => {
    expect(readComposer('claude', screen('❯\u00a0\x1b[2mTry "fix lint errors"\x1b[22m'))).toMatchObject({ found: true, text: '' });
    expect(readComposer('claude', screen('❯\u00a0Try "refactor invoice.ts"'))).toMatchObject({ found: true, text: '' });
    // Ghost text is drawn dim too; typed text is not.
    expect(readComposer('claude', screen('❯\u00a0\x1b[2mnow run the billing tests\x1b[22m')).text).toBe('');
    expect(readComposer('claude', screen('❯\u00a0now run the billing tests')).text).toBe('now run the billing tests');
  });

  it('finds the composer above a task panel pinned to the bottom of a tall pane', () => {
    const panel = [...Array(150).fill(''), '  ◼ Migrate invoice table', '  ◻ Run the billing tests', '  ctrl+t to hide tasks'];
    expect(readComposer('claude', screen('❯\u00a0hello world typed', panel))).toMatchObject({ found: true, text: 'hello world typed' });
  });
});
