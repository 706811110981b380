import { UsageError, providers } from '@architect/core';
import type { PromptRequest } from '../queuePrompt';

export const FORM_FIELDS = ['text', 'target', 'provider', 'specialty', 'priority'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export interface PromptForm {
  field: number;
  values: Record<FormField, string>;
}

/** A fresh form; the selected session, if any, is the default target. */
export function newForm(target: string | undefined): PromptForm {
  return { field: 0, values: { text: '', target: target ?? '', provider: '', specialty: '', priority: '0' } };
}

/** Tab / Shift-Tab between fields. */
export function moveField(form: PromptForm, delta: number): PromptForm {
  return { ...form, field: (form.field + delta + FORM_FIELDS.length) % FORM_FIELDS.length };
}

/**
 * Edit the focused field with one keypress: printable text appends, backspace deletes, Ctrl-U
 * clears. Control characters never reach the text (the assigner would refuse them anyway).
 */
export function editField(form: PromptForm, input: string, key: { backspace?: boolean; delete?: boolean; ctrl?: boolean }): PromptForm {
  const name = FORM_FIELDS[form.field]!;
  const value = form.values[name];
  let next = value;
  if (key.backspace || key.delete) next = [...value].slice(0, -1).join('');
  else if (key.ctrl && input === 'u') next = '';
  else if (!key.ctrl) next = value + input.replace(/[\u0000-\u001f\u007f]/g, '');
  return next === value ? form : { ...form, values: { ...form.values, [name]: next } };
}

/** The form as `architect send` options, with its usage checks (queuePrompt does the rest). */
export function formRequest(form: PromptForm): PromptRequest {
  const v = form.values;
  const content = v.text.trim();
  if (!content) throw new UsageError('the prompt text is empty');
  const provider = v.provider.trim();
  if (provider && !(providers as readonly string[]).includes(provider)) throw new UsageError(`provider must be one of ${providers.join(', ')}, got "${provider}"`);
  const priorityText = v.priority.trim() || '0';
  if (!/^-?\d+$/.test(priorityText) || Number(priorityText) < -100 || Number(priorityText) > 100) throw new UsageError(`priority must be a whole number from -100 to 100, got "${priorityText}"`);
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  return { content, target: opt(v.target), provider: opt(provider), specialty: opt(v.specialty), priority: Number(priorityText) };
}
