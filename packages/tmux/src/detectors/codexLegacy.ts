/**
 * The approval box of the first (TypeScript) Codex CLI, 2025: a `╭──` box whose rows start with
 * `│`, a title (`Shell Command`), the command after `$ `, `Allow command?` and unnumbered options
 * (`❯ Yes (y)`, `Yes, always approve this exact command for this session (a)`, …).
 */
import { isTruncated, trimBlankRows } from './commandText';
import { isBlank } from './screenRows';
import type { PermissionPrompt, ScreenInput } from './types';
import { parseUnnumberedOptions } from './unnumberedOptions';

const TITLE_TOOL: Array<[RegExp, PermissionPrompt['tool']]> = [
  [/^Shell Command$/i, 'bash'],
  [/^(?:Edit|Patch|Apply patch)/i, 'edit'],
];

export function codexLegacyDialog({ rows, last }: ScreenInput): PermissionPrompt | undefined {
  if (!/^╰─{8,}/.test(rows[last] ?? '')) return undefined;
  let top = last - 1;
  while (top >= 0 && (rows[top] ?? '').startsWith('│')) top--;
  // Whole only with both borders: a row cut at the pane's (or a paste's) right edge may hide text.
  const boxed = top >= 0 && /^╭─{8,}╮$/.test(rows[top] ?? '') && rows.slice(top + 1, last).every((r) => r.endsWith('│'));
  // Un-box: drop the left border and, when the pane kept it, the right one.
  const inner = rows.slice(top + 1, last).map((r) => r.slice(1).replace(/\s*│$/, ''));
  const options = parseUnnumberedOptions(inner, inner.length - 1);
  if (!options) return undefined;
  const text = trimBlankRows(inner.slice(0, options.top));
  const question = (text[text.length - 1] ?? '').trim();
  if (!/^Allow command\?$|^Allow (?:this )?(?:edit|patch)\?$/i.test(question)) return undefined;
  const title = (text.find((r) => !isBlank(r)) ?? '').trim();
  const tool = TITLE_TOOL.find(([re]) => re.test(title))?.[1] ?? 'other';
  const dollar = text.findIndex((r) => /^\s*\$ \S/.test(r));
  // One `$` row then the question: the command is what that row shows, when the box is whole.
  const body = dollar >= 0 ? trimBlankRows(text.slice(dollar, text.length - 1)) : [];
  const command = body.map((r) => r.trim()).join('\n').replace(/^\$ /, '');
  return {
    tool,
    command,
    options: options.labels,
    ...(options.selected !== undefined ? { selected: options.selected } : {}),
    toolName: title,
    complete: boxed && tool !== 'other' && body.length === 1 && !isTruncated(command),
  };
}
