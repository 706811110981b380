import { describe, expect, it } from 'vitest';
import type { PermissionPrompt } from '@architect/tmux';
import { pickApprove, pickDeny } from './answerOption';

const prompt = (options: string[], extra: Partial<PermissionPrompt> = {}): PermissionPrompt => ({
  tool: 'bash',
  command: 'npm test',
  options,
  optionNumbers: options.map((_, i) => i + 1),
  complete: true,
  ...extra,
});

describe('picking the answer option', () => {
  const cases: { name: string; options: string[]; approve: string | null; deny: string | null; letters?: boolean }[] = [
    {
      name: 'Claude Code Bash',
      options: ['Yes', "Yes, and don't ask again for npm test commands in /repo", 'No, and tell Claude what to do differently (esc)'],
      approve: '1',
      deny: '3',
    },
    { name: 'Claude Code edit', options: ['Yes', 'Yes, allow all edits during this session (shift+tab)', 'No'], approve: '1', deny: '3' },
    { name: 'Claude Code read', options: ['Yes', 'Yes, allow reading from src/ during this session', 'No'], approve: '1', deny: '3' },
    { name: 'Codex', options: ['Yes, proceed (y)', "Yes, and don't ask again for this command (a)", 'No, and tell Codex what to do differently (esc)'], approve: '1', deny: '3' },
    { name: 'Codex network', options: ['Yes, just this once (y)', 'Yes, and allow this host for this conversation (a)', 'No'], approve: '1', deny: '3' },
    { name: 'Gemini', options: ['Yes, allow once', 'Yes, allow always', 'Modify with external editor', 'No, suggest changes (esc)'], approve: '1', deny: '4' },
    { name: 'only remembering yeses', options: ["Yes, and don't ask again", 'No'], approve: null, deny: '2' },
    { name: 'two single-use yeses (ambiguous)', options: ['Yes', 'Yes, proceed', 'No'], approve: null, deny: '3' },
    { name: 'no "No"', options: ['Yes', 'Maybe'], approve: '1', deny: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = prompt(c.options);
      const a = pickApprove(p);
      const d = pickDeny(p);
      expect(a.ok ? a.answer.keys.join('+') : null).toBe(c.approve);
      expect(d.ok ? d.answer.keys.join('+') : null).toBe(c.deny);
      if (a.ok) expect(a.answer.label).not.toMatch(/don't ask|always|all edits|session/i);
    });
  }

  it('Aider letter prompts answer with the letter and Enter; "All" is never a single-use yes', () => {
    const p = prompt(['Yes', 'No', 'All', 'Skip all', "Don't ask again"], { optionNumbers: undefined });
    expect(pickApprove(p)).toEqual({ ok: true, answer: { keys: ['y', 'Enter'], index: 0, label: 'Yes' } });
    expect(pickDeny(p)).toEqual({ ok: true, answer: { keys: ['n', 'Enter'], index: 1, label: 'No' } });
  });

  it('an option numbered past 9 has no digit shortcut: not answered', () => {
    const p = prompt(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'Yes', 'No'].map(String));
    expect(pickApprove(p).ok).toBe(false);
  });
});
