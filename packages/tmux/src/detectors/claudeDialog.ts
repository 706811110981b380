/**
 * Finds a live Claude Code permission dialog at the bottom of the screen and reads it.
 *
 * 1.x draws the whole dialog inside a box (`╭─╮ … ╰─╯`); 2.x starts it with a full-width `─`
 * rule and no box. Either way, top to bottom: title (`Bash command`), body (command and
 * description, a file preview …), the question (`Do you want to proceed?`), numbered options,
 * and in 2.x a hint row (`Esc to cancel · Tab to amend`). The dialog replaces the composer, so
 * it only counts when its options are the last thing on the screen.
 */
import { unboxAbove } from './boxBorders';
import { readClaudeRequest } from './claudeTools';
import { minIndent } from './commandText';
import { humanDialogKind, isUserPicker, paragraphsOf, questionOf } from './humanDialogs';
import { joinWrapped } from './joinWrapped';
import { parseOptionsEndingAt, type NumberedOptions } from './numberedOptions';
import { isBlank, isBoxBottom, isRule, prevNonBlank, widestRow } from './screenRows';
import type { PermissionPrompt } from './types';
import { parseUnnumberedOptions } from './unnumberedOptions';

export type ClaudeDialog =
  | { kind: 'permission'; layout: 'claude1' | 'claude2'; prompt: PermissionPrompt }
  /** A dialog that is neither a tool permission nor one a human must answer: a menu the user opened, or one we do not know. */
  | { kind: 'other-dialog'; layout: 'claude1' | 'claude2'; question: string; picker: boolean };

// Hint rows under a dialog; a long one (the plan file's path) wraps onto the rows below it.
const FOOTER = /^\s*(?:Esc to (?:cancel|exit)|Enter to (?:confirm|select)|Tab to |Press enter|ctrl\+\w to )/i;
const MAX_FOOTER_ROWS = 4;
// Tool permission questions only. "Would you like to proceed?" (plan approval) and questions
// Claude asks the user (AskUserQuestion) are not tool permissions: they stay unknown.
const QUESTION = /^Do you want to (?:proceed|make this edit to .+|create .+|allow .+)\?$/;

interface Frame {
  layout: 'claude1' | 'claude2';
  rows: string[];
  /** Last row of the options block inside `rows`. */
  end: number;
  /** Wrap column when it could be measured (box width, or a full-width rule). */
  width?: number;
  /** Box top scrolled off (1.x only; 2.x decides from its rule). */
  topCut: boolean;
  /** The hint rows under the options, joined ('' when there are none). */
  footer: string;
}

export function findClaudeDialog(rows: string[], last: number): ClaudeDialog | undefined {
  const frame = frameOf(rows, last);
  if (!frame) return undefined;
  const widest = widestRow(frame.rows);
  // Unmeasured (no box, top rule not found yet): assume at least a classic 80-column pane.
  const screenWidth = frame.width ?? Math.max(widest, 80);
  const wrap = { width: screenWidth, widthKnown: frame.width !== undefined, lowerBound: widest, style: 'ink' as const };
  const options: NumberedOptions | undefined =
    parseOptionsEndingAt(frame.rows, frame.end, wrap) ??
    (frame.footer !== '' ? parseUnnumberedOptions(frame.rows, frame.end) : undefined);
  if (!options) return undefined;

  // The question: the paragraph right above the options (it may wrap in a narrow pane).
  let qEnd = options.top - 1;
  while (qEnd >= 0 && isBlank(frame.rows[qEnd])) qEnd--;
  let qTop = qEnd;
  while (qTop - 1 >= 0 && !isBlank(frame.rows[qTop - 1]) && !isFrameRow(frame.rows[qTop - 1])) qTop--;
  if (qEnd < 0) return undefined;
  const joinRows = (from: number) => {
    const part = frame.rows.slice(from, qEnd + 1);
    return joinWrapped(part, { ...wrap, indent: minIndent(part) }).lines.join(' ').trim();
  };
  // The dangerous-rm dialog puts its auto-deny countdown right above the question, with no blank
  // row between: the question is the longest tail of the paragraph that reads as one.
  for (let k = qTop; k <= qEnd; k++) {
    if (QUESTION.test(joinRows(k))) {
      qTop = k;
      break;
    }
  }
  const question = joinRows(qTop);

  // Where the dialog starts: the box top (1.x) or the nearest full-width rule above (2.x).
  let start = 0;
  let topCut = frame.topCut;
  if (frame.layout === 'claude2') {
    const rule = ruleAbove(frame.rows, qTop - 1, widest);
    topCut = rule < 0;
    start = rule + 1;
  }
  if (!QUESTION.test(question)) {
    // The user's own slash command echoed right above the dialog (`❯ /hooks`): a menu they opened.
    const echo = frame.layout === 'claude2' && start >= 2 ? frame.rows[prevNonBlank(frame.rows, start - 2)] ?? '' : '';
    return notAToolPermission(frame, frame.rows.slice(start, options.top), question, options, topCut, /^[❯>] \/[\w:-]+/.test(echo));
  }
  let titleRow = start;
  while (titleRow < qTop && isBlank(frame.rows[titleRow])) titleRow++;
  const title = topCut || titleRow >= qTop ? undefined : (frame.rows[titleRow] ?? '').trim();
  const body = frame.rows.slice(topCut ? start : titleRow + 1, qTop);
  const request = readClaudeRequest({
    title,
    body,
    question,
    options: options.labels,
    width: screenWidth,
    widthKnown: frame.width !== undefined,
    lowerBound: widest,
  });
  const prompt: PermissionPrompt = {
    tool: request.tool,
    command: request.command,
    options: options.labels,
    optionNumbers: options.numbers,
    ...(options.selected !== undefined ? { selected: options.selected } : {}),
    ...(title !== undefined ? { toolName: title } : {}),
    complete: request.complete && !topCut,
  };
  return { kind: 'permission', layout: frame.layout, prompt };
}

/**
 * A numbered (or footed) dialog whose question is not a tool permission: a human is needed
 * (trust, plan approval, a question, usage limit, login), or it is a menu the user opened, or a
 * dialog we do not know (left `unknown`).
 */
function notAToolPermission(
  frame: Frame,
  dialogRows: string[],
  question: string,
  options: NumberedOptions,
  topCut: boolean,
  openedByUser: boolean,
): ClaudeDialog {
  const paragraphs = paragraphsOf(dialogRows.filter((row) => !isFrameRow(row)));
  const text = paragraphs.join('\n');
  // Trust and login menus also say "Esc to exit": what a human must answer is checked first.
  let kind = humanDialogKind(`${text}\n${frame.footer}`);
  if (!kind && (openedByUser || isUserPicker(text, frame.footer))) return { kind: 'other-dialog', layout: frame.layout, question, picker: true };
  // Anything else that asks (first-run "Use Claude Code's terminal setup?", a question from the agent).
  kind ??= questionOf(paragraphs, '').endsWith('?') ? 'question' : undefined;
  if (!kind) return { kind: 'other-dialog', layout: frame.layout, question, picker: false };
  const prompt: PermissionPrompt = {
    tool: 'other',
    command: questionOf(paragraphs, question),
    // Plan approval hangs a key hint under its last option ("shift+tab to approve with this feedback").
    options: options.labels.map((label) => label.replace(/\s+(?:shift\+tab|ctrl\+\w) to \S.*$/, '')),
    ...(options.numbers.length > 0 ? { optionNumbers: options.numbers } : {}),
    ...(options.selected !== undefined ? { selected: options.selected } : {}),
    complete: !topCut,
    humanNeeded: kind,
  };
  return { kind: 'permission', layout: frame.layout, prompt };
}

/** Locates the dialog's rows: un-boxed for 1.x, the raw screen for 2.x. */
function frameOf(rows: string[], last: number): Frame | undefined {
  let end = last;
  let footerTop = -1;
  for (let k = last; k >= Math.max(0, last - MAX_FOOTER_ROWS); k--) {
    if (FOOTER.test(rows[k] ?? '')) footerTop = k;
  }
  if (footerTop >= 0) end = footerTop - 1;
  while (end >= 0 && isBlank(rows[end])) end--;
  if (end < 0) return undefined;
  const footer = footerTop >= 0 ? rows.slice(footerTop, last + 1).map((r) => r.trim()).join(' ') : '';
  if (!isBoxBottom(rows[end])) {
    // 2.x rules span the pane, so any rule on screen measures the wrap width.
    const widest = widestRow(rows);
    const rule = rows.reduce((w, row) => (isRule(row) && row.length >= widest * 0.9 ? Math.max(w, row.length) : w), 0);
    return { layout: 'claude2', rows, end, topCut: false, footer, ...(rule > 0 ? { width: rule } : {}) };
  }

  const box = unboxAbove(rows, end);
  if (!box) return undefined;
  return { layout: 'claude1', rows: box.rows, end: box.rows.length - 1, width: box.width, topCut: box.top < 0, footer };
}

function isFrameRow(row: string | undefined): boolean {
  // Plan approval indents its rules by two columns.
  return row !== undefined && (/^\s*[╭╰│╌┌└]/.test(row) || isRule(row.trimStart()));
}

/** The nearest `─` rule above `from` that spans (nearly) the whole screen. */
function ruleAbove(rows: string[], from: number, screenWidth: number): number {
  for (let i = from; i >= 0; i--) {
    const row = (rows[i] ?? '').trimStart();
    if (isRule(row) && row.length >= (screenWidth - 2) * 0.9) return i;
  }
  return -1;
}
