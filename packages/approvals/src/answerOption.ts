import type { PermissionPrompt } from '@architect/tmux';

/** How to pick one option of a dialog: the key(s) to press, and what we believed we chose. */
export interface AnswerKeys {
  /** Key names for the tmux driver's sendKey, pressed in order. */
  keys: string[];
  index: number;
  label: string;
}

export type AnswerChoice = { ok: true; answer: AnswerKeys } | { ok: false; reason: string };

/**
 * Options that remember the answer — "Yes, and don't ask again …", "Yes, allow all edits during
 * this session", Codex's "(a)" for always, Gemini's "allow always", Aider's All / Don't ask again.
 * Choosing one writes a permanent rule (into the repository, for Claude Code), so auto-confirm
 * never picks them, whatever the policy says.
 */
const REMEMBERS = /don'?t ask|\balways\b|\ball\b|\bsession\b|\bremember|\bevery\b|\bfor this (?:host|conversation|command|tool)|\bauto/i;
const SINGLE_USE_YES = /^(?:yes|y|allow once|allow|approve|proceed)\b/i;
const NO = /^(?:no|n|deny|reject|cancel)\b/i;

/** The single-use "Yes": exactly one option may look like it, or we do not answer. */
export function pickApprove(prompt: PermissionPrompt): AnswerChoice {
  const candidates = prompt.options
    .map((label, index) => ({ label: label.trim(), index }))
    .filter((o) => SINGLE_USE_YES.test(o.label) && !REMEMBERS.test(o.label));
  if (candidates.length === 0) return { ok: false, reason: 'no single-use "Yes" option on the dialog' };
  if (candidates.length > 1) {
    return { ok: false, reason: `more than one option looks like a single-use "Yes": ${candidates.map((c) => JSON.stringify(c.label)).join(', ')}` };
  }
  return keysFor(prompt, candidates[0]!);
}

/** The plain "No" (the first option starting with No): it rejects without writing a rule. */
export function pickDeny(prompt: PermissionPrompt): AnswerChoice {
  const index = prompt.options.findIndex((label) => NO.test(label.trim()) && !REMEMBERS.test(label));
  if (index < 0) return { ok: false, reason: 'no "No" option on the dialog' };
  return keysFor(prompt, { label: prompt.options[index]!.trim(), index });
}

function keysFor(prompt: PermissionPrompt, option: { label: string; index: number }): AnswerChoice {
  const numbers = prompt.optionNumbers;
  if (numbers) {
    const n = numbers[option.index];
    // Digit shortcuts exist for 1..9 only; anything else we would have to navigate to: escalate.
    if (n === undefined || n < 1 || n > 9) return { ok: false, reason: `option ${option.label} has no digit shortcut` };
    return { ok: true, answer: { keys: [String(n)], index: option.index, label: option.label } };
  }
  // Letter prompts (Aider: "(Y)es/(N)o/…"): the option's first letter, then Enter.
  const letter = option.label[0]?.toLowerCase();
  if (letter !== 'y' && letter !== 'n') return { ok: false, reason: `cannot tell which key answers ${JSON.stringify(option.label)}` };
  return { ok: true, answer: { keys: [letter, 'Enter'], index: option.index, label: option.label } };
}
