import { describe, expect, it } from 'vitest';
import type { PromptRow } from '@architect/db';
import { ageText, clampIndex, fit, needsYouItems, panelHeights, queueItems, screenTail, scrollTop, type WaitingRow } from './viewModel';

const waiting = (name: string, state: string, stateAt: number | null, extra: Partial<WaitingRow> = {}): WaitingRow => ({ name, state, stateAt, screenState: null, permission: null, ...extra });

function prompt(id: number, over: Partial<PromptRow> = {}): PromptRow {
  return {
    id, content: `prompt ${id}`, source: 'cli', priority: 0, status: 'pending', targetSession: null, targetProvider: null, requiredSpecialty: null,
    lockPaths: [], assignedSession: null, attempts: 0, maxAttempts: 3, timeoutMinutes: 30, timeoutSeconds: null, delivery: null, notBefore: null,
    response: null, error: null, createdAt: 1000 + id, assignedAt: null, startedAt: null, completedAt: null, updatedAt: 1000 + id, ...over,
  };
}

describe('needs you', () => {
  it('lists waiting, exited, unknown and stuck sessions in one list, oldest first', () => {
    const items = needsYouItems(
      [
        waiting('w3', 'waiting_input', 5000, { permission: { tool: 'bash', command: 'npm test\n--watch' } }),
        waiting('w1', 'unknown', 9000),
        waiting('w2', 'idle', 2000, { screenState: 'exited' }),
        waiting('w5', 'waiting_input', 7000, { permission: { tool: 'other' } }),
      ],
      [{ name: 'w4', lastActivity: 3000, currentPromptId: 12 }],
      10_000,
    );
    expect(items.map((i) => [i.session, i.kind])).toEqual([
      ['w2', 'exited'],
      ['w4', 'stuck'],
      ['w3', 'waiting'],
      ['w5', 'waiting'],
      ['w1', 'unknown'],
    ]);
    expect(items[1]!.detail).toBe('busy with #12, no screen change for 7s');
    expect(items[2]!.detail).toBe('bash: npm test …');
    expect(items[3]!.detail).toBe('other (a question for a human)');
  });

  it('puts a session with no recorded time first, breaks ties by name and lists a stuck one once', () => {
    const items = needsYouItems([waiting('b', 'waiting_input', 100), waiting('a', 'waiting_input', 100), waiting('z', 'unknown', null)], [{ name: 'b', lastActivity: 1, currentPromptId: null }], 200);
    expect(items.map((i) => i.session)).toEqual(['z', 'a', 'b']);
  });
});

describe('queue', () => {
  it('shows pending prompts by their place in line, then those in flight, then the latest ended, newest first', () => {
    const items = queueItems(
      [{ ...prompt(7, { priority: 5 }), position: 1 }, { ...prompt(3), position: 3 }, { ...prompt(4, { content: 'two\nlines' }), position: 2 }],
      [prompt(9, { status: 'in_progress', assignedSession: 'w1' }), prompt(8, { status: 'assigned', assignedSession: 'w2' })],
      [
        prompt(1, { status: 'failed', completedAt: 50 }),
        prompt(2, { status: 'completed', completedAt: 90, assignedSession: 'w1' }),
        prompt(5, { status: 'cancelled', completedAt: 70, targetSession: 'w3' }),
        prompt(6, { status: 'pending' }),
      ],
    );
    expect(items.map((i) => [i.place, i.id])).toEqual([
      ['#1', 7], ['#2', 4], ['#3', 3],
      ['run', 8], ['run', 9],
      ['done', 2], ['cxl', 5], ['fail', 1],
    ]);
    expect(items[1]!.text).toBe('two …');
    expect(items[3]!.session).toBe('w2');
    expect(items[6]!.session).toBe('w3');
    expect(items.map((i) => i.label)).toEqual(['next', 'next', 'next', 'run', 'run', 'done', 'cancelled', 'failed']);
  });
});

describe('layout', () => {
  it('fits 80x24: the frame is one row short of the terminal and every panel keeps a row', () => {
    for (const counts of [{ sessions: 20, needs: 9, queue: 50 }, { sessions: 2, needs: 0, queue: 1 }, { sessions: 0, needs: 0, queue: 0 }]) {
      const h = panelHeights(24, counts);
      expect(1 + 4 + 1 + h.sessions + h.needs + h.queue + h.screen).toBe(23);
      expect(Math.min(h.sessions, h.needs, h.queue)).toBeGreaterThanOrEqual(1);
      expect(h.screen).toBeGreaterThanOrEqual(2);
    }
    const busy = panelHeights(24, { sessions: 20, needs: 9, queue: 50 });
    expect(busy.sessions).toBeGreaterThan(busy.needs);
  });

  it('gives a tall terminal\'s spare rows to the screen', () => {
    const h = panelHeights(60, { sessions: 3, needs: 1, queue: 2 });
    expect(h).toMatchObject({ sessions: 3, needs: 1, queue: 2 });
    expect(h.screen).toBe(60 - 1 - 6 - 6);
  });

  it('keeps the selection in view and inside a shrunken list', () => {
    expect(scrollTop(0, 50, 5)).toBe(0);
    expect(scrollTop(4, 50, 5)).toBe(0);
    expect(scrollTop(5, 50, 5)).toBe(1);
    expect(scrollTop(49, 50, 5)).toBe(45);
    expect(scrollTop(3, 3, 5)).toBe(0);
    expect(clampIndex(7, 3)).toBe(2);
    expect(clampIndex(-1, 3)).toBe(0);
    expect(clampIndex(4, 0)).toBe(0);
  });

  it('formats ages, fixed-width columns and the live bottom of a screen', () => {
    expect([ageText(-5), ageText(59_999), ageText(60_000), ageText(3_600_000), ageText(90_000_000)]).toEqual(['0s', '59s', '1m', '1h', '1d']);
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abcdefgh', 5)).toBe('abcd…');
    expect(screenTail('a\nb\nc\n\n\n   \n', 2)).toEqual(['b', 'c']);
  });
});
