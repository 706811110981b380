/**
 * Dialogs that are not tool permissions but wait for a person: folder trust, plan approval, a
 * question the agent asks, the usage-limit menu, login, update and first-run menus (SPEC §3, "A
 * human is needed"). They are reported as permission prompts with tool 'other' and `humanNeeded`,
 * never answered automatically. Menus the user opened (a `/model` picker) are not among them: the
 * person who opened one is at the keyboard.
 */
import type { HumanDialog } from './types';

// Matched against the dialog's whole text (title, body, question), newest wording first.
const HUMAN: Array<[RegExp, HumanDialog]> = [
  [/Quick safety check|trust this folder|Do you trust the (?:files|contents) (?:in|of) this (?:folder|directory)/i, 'trust'],
  [/written up a plan|Here is Claude's plan|Would you like to proceed\?|keep planning/i, 'plan'],
  [/What do you want to do\?|usage limit|hit your (?:session )?limit|out of extra usage|wait for limit to reset/i, 'usage-limit'],
  [/Select login method|Log ?in (?:with|to)|Sign in|authentication method/i, 'login'],
  [/Update available|Update now/i, 'update'],
  [/Bypass Permissions mode|Yes, I accept|terminal setup\?|Let's get started/i, 'setup'],
];

// Menus opened with a slash command. Their footer says "Esc to exit" (back to the composer).
const PICKER = /^(?:Select model|Select Model|Toggle thinking mode|Export Conversation|Select export method|Select effort|Choose the text style|Settings|Select theme)\b/m;
const PICKER_FOOTER = /Esc to (?:exit|go back)\b/i;

export function humanDialogKind(text: string): HumanDialog | undefined {
  return HUMAN.find(([re]) => re.test(text))?.[1];
}

export function isUserPicker(text: string, footer: string): boolean {
  return PICKER.test(text) || PICKER_FOOTER.test(footer);
}

/**
 * The question a human is asked: the first sentence ending in `?` in the dialog's paragraphs
 * (dialogs often put it after a preamble), else the fallback (a title such as "Select login
 * method:").
 */
export function questionOf(paragraphs: string[], fallback: string): string {
  for (const paragraph of paragraphs) {
    const flat = paragraph.replace(/\s+/g, ' ').trim();
    const asked = flat.split(/(?<=[.?!])\s+(?=[A-Z(])/).find((s) => s.endsWith('?'));
    if (asked) return asked;
  }
  return fallback.trim();
}

/** Blank-row separated paragraphs of a block of rows, each joined into one line. */
export function paragraphsOf(rows: string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const row of [...rows, '']) {
    if (row.trim() === '') {
      if (current.length > 0) out.push(current.join(' '));
      current = [];
    } else current.push(row.trim());
  }
  return out;
}
