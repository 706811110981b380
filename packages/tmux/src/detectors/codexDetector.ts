/**
 * Codex CLI (ratatui TUI): a `›` composer row with hint rows under it, a status row
 * `• Working (12s • esc to interrupt)` above it while busy, and approval overlays that replace
 * the composer: `Would you like to run the following command?`, `$ cmd`, `› 1. Yes, proceed (y)`,
 * `Press enter to confirm or esc to cancel`.
 */
import { agentExited, notThisAgent } from './agentExited';
import { codexLegacyDialog } from './codexLegacy';
import { isTruncated } from './commandText';
import { humanDialogKind, paragraphsOf, questionOf } from './humanDialogs';
import { joinWrapped, type WrapGeometry } from './joinWrapped';
import { isOptionRow, parseOptionsEndingAt } from './numberedOptions';
import { isBlank, widestRow } from './screenRows';
import type { Classification, PermissionPrompt, ScreenInput, ToolKind } from './types';

const FOOTER = /^\s*(?:Press enter to confirm or esc to cancel|enter to submit \| esc to cancel|Press Enter to confirm or Esc to go back|Press enter to continue)/i;
const TITLES: Array<[RegExp, ToolKind]> = [
  [/^Would you like to run the following command\?$/, 'bash'],
  [/^Would you like to make the following edits\?$/, 'edit'],
  [/^Do you want to approve network access to "?([^"]+?)"?\?$/, 'fetch'],
  [/^Allow the (\S+) MCP server to run tool "([^"]+)"\?$/, 'mcp'],
  [/^Would you like to grant these permissions\?$/, 'other'],
];
const COMPOSER = /^[›▌](?: |$)/;
// Older builds draw the status row with the composer's `▌`: `▌ • Working (3s • Ctrl C to interrupt)`.
const WORKING = /(?:esc|ctrl\s?\+?\s?c) to interrupt/i;
// Approval bodies can hold a long multi-line command; look this far above the options for a title.
const MAX_DIALOG_ROWS = 80;

export function detectCodex(screen: ScreenInput): Classification {
  const { rows, last } = screen;
  const exited = agentExited('codex', screen);
  if (exited) return exited;
  const prompt = codexDialog(screen) ?? codexLegacyDialog(screen);
  // A menu the user opened (`/model`): theirs to answer, not a permission.
  if (prompt === 'picker') return { state: 'unknown', provider: 'codex', detail: 'codex:picker' };
  if (prompt) return { state: 'permission', provider: 'codex', prompt, detail: 'codex' };
  for (let c = last; c >= Math.max(0, last - 5); c--) {
    const row = rows[c] ?? '';
    if (!COMPOSER.test(row) || isOptionRow(row)) continue;
    const busy = WORKING.test(row) || statusAbove(rows, c);
    return { state: busy ? 'busy' : 'idle', provider: 'codex', detail: 'codex' };
  }
  return notThisAgent('codex', screen);
}

function statusAbove(rows: string[], composerRow: number): boolean {
  let i = composerRow - 1;
  while (i >= 0 && isBlank(rows[i])) i--;
  for (let n = 0; i >= 0 && n < 8 && !isBlank(rows[i]); i--, n++) {
    if (WORKING.test(rows[i] ?? '')) return true;
  }
  return false;
}

function codexDialog({ rows, last, paneWidth }: ScreenInput): PermissionPrompt | 'picker' | undefined {
  let end = last;
  let footer = false;
  while (end >= 0 && (isBlank(rows[end]) || FOOTER.test(rows[end] ?? ''))) {
    if (FOOTER.test(rows[end] ?? '')) footer = true;
    end--;
  }
  // Codex draws nothing full-width; without the pane width, guess a classic 80-column pane.
  const widest = widestRow(rows);
  const wrap = {
    width: paneWidth ?? Math.max(widest, 80),
    widthKnown: paneWidth !== undefined,
    lowerBound: widest,
    style: 'textwrap' as const,
  };
  const options = parseOptionsEndingAt(rows, end, wrap);
  if (!options || (!footer && end !== last)) return undefined;

  let titleRow = -1;
  let tool: ToolKind = 'other';
  let match: RegExpExecArray | null = null;
  for (let i = options.top - 1; i >= Math.max(0, options.top - MAX_DIALOG_ROWS) && titleRow < 0; i--) {
    const text = (rows[i] ?? '').trim();
    // Reaching an older dialog's footer or options means this one's title has scrolled away.
    if (FOOTER.test(text) || isOptionRow(rows[i])) break;
    for (const [re, kind] of TITLES) {
      match = re.exec(text);
      if (match) {
        titleRow = i;
        tool = kind;
        break;
      }
    }
  }
  if (titleRow < 0 && !footer) return undefined;
  let request: { command: string; complete: boolean };
  if (titleRow < 0) {
    const human = humanQuestion(rows.slice(Math.max(0, options.top - 12), options.top));
    if (human) return { ...human, options: options.labels, optionNumbers: options.numbers, ...(options.selected !== undefined ? { selected: options.selected } : {}) };
    // Title cut off: say what is visible, never vouch for it. No command at all: a picker.
    const visible = dollarCommand(rows.slice(Math.max(0, options.top - MAX_DIALOG_ROWS), options.top), wrap);
    if (!visible) return 'picker';
    tool = 'bash';
    request = { command: visible.command, complete: false };
  } else {
    const body = rows.slice(titleRow + 1, options.top);
    request = readRequest(tool, match, body, rows.slice(Math.max(0, titleRow - 30), titleRow), wrap);
  }
  return {
    tool,
    command: request.command,
    options: options.labels,
    optionNumbers: options.numbers,
    ...(options.selected !== undefined ? { selected: options.selected } : {}),
    ...(titleRow >= 0 ? { toolName: (rows[titleRow] ?? '').trim() } : {}),
    complete: request.complete,
  };
}

type Wrap = Omit<WrapGeometry, 'indent'>;

function readRequest(
  tool: ToolKind,
  match: RegExpExecArray | null,
  body: string[],
  above: string[],
  wrap: Wrap,
): { command: string; complete: boolean } {
  if (tool === 'bash') return dollarCommand(body, wrap) ?? { command: '', complete: false };
  if (tool === 'fetch') return { command: match?.[1] ?? '', complete: Boolean(match?.[1]) };
  if (tool === 'mcp') {
    const args = body.map((r) => r.trim()).filter((r) => /^[\w.-]+: /.test(r) && !/^Reason: /.test(r));
    return { command: `${match?.[1] ?? ''} - ${match?.[2] ?? ''}(${args.join(', ')})`, complete: true };
  }
  if (tool === 'edit') {
    // The patch itself is drawn in the history just above the overlay: "• Proposed Change path (+2 -1)".
    const paths = [...above, ...body]
      .map((r) => /^\s*(?:[•└]\s+)?(?:Proposed Change|Edited|Added|Deleted)\s+(\S+)(?:\s+\(|$)/.exec(r)?.[1])
      .filter((p): p is string => p !== undefined);
    const command = paths[paths.length - 1] ?? '';
    return { command, complete: command !== '' && !isTruncated(command) };
  }
  const text = body.map((r) => r.trim()).filter((r) => r !== '' && !/^Reason: /.test(r)).join('\n');
  return { command: text, complete: text !== '' && !isTruncated(text) };
}

/** Trust and update menus Codex shows before a session (no tool, a human must choose). */
function humanQuestion(above: string[]): Omit<PermissionPrompt, 'options'> | undefined {
  const paragraphs = paragraphsOf(above);
  const kind = humanDialogKind(paragraphs.join('\n'));
  if (!kind) return undefined;
  return { tool: 'other', command: questionOf(paragraphs, (paragraphs[0] ?? '').replace(/^\W+/, '')), complete: true, humanNeeded: kind };
}

/**
 * The `$ cmd` block: the row starting with `$ ` and the rows after it. A heredoc or a quoted
 * string can hold blank rows, so the block runs to the end of the body; a blank row inside it
 * means we cannot tell the command's end from what follows, and the command is incomplete.
 */
function dollarCommand(body: string[], wrap: Wrap): { command: string; complete: boolean } | undefined {
  const start = body.findIndex((r) => /^\s*\$ \S/.test(r));
  if (start < 0) return undefined;
  const first = body[start] ?? '';
  const indent = first.indexOf('$') + 2;
  let end = body.length - 1;
  while (end > start && isBlank(body[end])) end--;
  const rows = [' '.repeat(indent) + first.slice(indent), ...body.slice(start + 1, end + 1)];
  const gap = rows.some((r) => isBlank(r));
  const { lines, ambiguous } = joinWrapped(rows, { ...wrap, indent });
  const command = lines.join('\n');
  return { command, complete: !gap && !ambiguous && !isTruncated(command) };
}
