import { describe, expect, it } from 'vitest';
import { UsageError } from '@architect/core';
import { editField, formRequest, moveField, newForm } from './promptForm';

const typeInto = (text: string, form = newForm(undefined)) => editField(form, text, {});

describe('prompt form', () => {
  it('defaults the target to the selected session and cycles fields both ways', () => {
    const f = newForm('w1');
    expect(f.values.target).toBe('w1');
    expect(moveField(f, 1).field).toBe(1);
    expect(moveField(f, -1).field).toBe(4);
  });

  it('edits the focused field: text appends without control characters, backspace and Ctrl-U', () => {
    let f = typeInto('hi\x1b[31m there');
    expect(f.values.text).toBe('hi[31m there');
    f = editField(f, '', { backspace: true });
    expect(f.values.text).toBe('hi[31m ther');
    f = editField(f, 'u', { ctrl: true });
    expect(f.values.text).toBe('');
    expect(editField(f, 'x', { ctrl: true })).toBe(f);
  });

  it('turns the form into send options with the same bounds as architect send', () => {
    const f = { field: 0, values: { text: '  fix the build  ', target: 'w2', provider: 'claude', specialty: '', priority: '-7' } };
    expect(formRequest(f)).toEqual({ content: 'fix the build', target: 'w2', provider: 'claude', specialty: undefined, priority: -7 });
    for (const [values, message] of [
      [{ text: '   ' }, /empty/],
      [{ text: 'x', provider: 'cursor' }, /provider must be one of/],
      [{ text: 'x', priority: '101' }, /-100 to 100/],
      [{ text: 'x', priority: '1.5' }, /whole number/],
    ] as const) {
      const form = { field: 0, values: { ...newForm(undefined).values, ...values } };
      expect(() => formRequest(form)).toThrow(UsageError);
      expect(() => formRequest(form)).toThrow(message);
    }
  });
});
