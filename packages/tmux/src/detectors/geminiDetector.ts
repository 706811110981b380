/**
 * Gemini CLI (Ink): an input box `│ >   Type your message or @path/to/file │` above a footer
 * row (cwd · sandbox · model); a braille spinner row `⠏ Thinking (esc to cancel, 12s)` above the
 * box while busy; confirmations drawn inside the tool-group box — `?  Shell npm test …`, the
 * command, `Allow execution of: 'npm'?`, `● 1. Yes, allow once` … — with the input box hidden
 * and `⠏ Waiting for user confirmation...` under it.
 */
import { agentExited, notThisAgent } from './agentExited';
import { unboxAbove } from './boxBorders';
import { isTruncated, minIndent, trimBlankRows } from './commandText';
import { joinWrapped } from './joinWrapped';
import { isOptionRow, parseOptionsEndingAt } from './numberedOptions';
import { isBlank, isBoxBottom, isBoxTop } from './screenRows';
import type { Classification, PermissionPrompt, ScreenInput, ToolKind } from './types';

const INPUT_BOXED = /^│ [>!*] /;
const INPUT_BARE = /^ ?[>!*] {1,3}\S/;
const BUSY = /esc to cancel/i;
const MAX_FOOTER_ROWS = 4;

export function detectGemini(screen: ScreenInput): Classification {
  const { rows, last } = screen;
  const exited = agentExited('gemini', screen);
  if (exited) return exited;
  const input = inputBoxTop(rows, last);
  if (input >= 0) {
    let i = input - 1;
    while (i >= 0 && isBlank(rows[i])) i--;
    const busy = i >= 0 && BUSY.test(rows[i] ?? '');
    return { state: busy ? 'busy' : 'idle', provider: 'gemini', detail: 'gemini' };
  }
  const prompt = geminiDialog(rows, last);
  if (prompt) return { state: 'permission', provider: 'gemini', prompt, detail: 'gemini' };
  return notThisAgent('gemini', screen);
}

/** Row index of the input box's top edge, or -1. Boxed (`╭╮╰╯`) or half-block (`▀ ▄`) style. */
function inputBoxTop(rows: string[], last: number): number {
  for (let b = last; b >= Math.max(0, last - MAX_FOOTER_ROWS); b--) {
    const row = rows[b] ?? '';
    if (isBoxBottom(row)) {
      for (let t = b - 1; t >= Math.max(0, b - 12); t--) {
        if (!isBoxTop(rows[t])) continue;
        return INPUT_BOXED.test(rows[t + 1] ?? '') ? t : -1;
      }
    }
    if (/^▄{8,}$/.test(row) && INPUT_BARE.test(rows[b - 1] ?? '') && /^▀{8,}$/.test(rows[b - 2] ?? '')) return b - 2;
  }
  return -1;
}

const QUESTIONS: Array<[RegExp, ToolKind]> = [
  [/^Allow execution of \[Shell\]\?$/, 'bash'],
  [/^Allow execution of MCP tool "([^"]+)" from server "([^"]+)"\?$/, 'mcp'],
  // Cut with an ellipsis in a narrow box: the tool is known, the server name is not.
  [/^Allow execution of MCP tool "([^"]+)" from server "([^"]*)…$/, 'mcp'],
  [/^Allow execution(?: of\b(?! MCP tool).*)?\?$/, 'bash'],
  [/^Apply this change\?$/, 'edit'],
  [/^Do you want to proceed\?$/, 'fetch'],
];
const HEADER = /^\?\s+(\S+)\s*(.*)$/;
const MAX_TRAILING_ROWS = 6;

// Gemini CLI 2026 draws a scrollbar column right of the box border (`│█`, `╯▀`).
const SCROLLBAR = /([│╮╯])[█▀▄▐▌░▒▓┃]$/;
// Rows Gemini 2026 puts under the box: the question and options, then status rows.
const MAX_OUTSIDE_ROWS = 14;

function geminiDialog(screenRows: string[], last: number): PermissionPrompt | undefined {
  const rows = screenRows.map((row) => row.replace(SCROLLBAR, '$1'));
  // The tool-group box must be the last box on screen, with only status rows under it (2025),
  // or the question and options and then status rows (2026).
  let bottom = last;
  while (bottom >= Math.max(0, last - MAX_OUTSIDE_ROWS) && !/^\s*╰─+╯$/.test(rows[bottom] ?? '')) bottom--;
  if (bottom < Math.max(0, last - MAX_OUTSIDE_ROWS)) return undefined;
  const unboxed = unboxAbove(rows, bottom);
  if (!unboxed) return undefined;
  const outside = rowsUnderBox(rows, bottom, last);
  if (outside.length === 0 && bottom < last - MAX_TRAILING_ROWS) return undefined;
  // The box edge ends the body: keep the question under it a paragraph of its own.
  const box = { ...unboxed, rows: outside.length > 0 ? [...unboxed.rows, '', ...outside] : unboxed.rows };
  const wrap = { width: box.width, widthKnown: true, style: 'ink' as const };
  const options = parseOptionsEndingAt(box.rows, box.rows.length - 1, wrap);
  if (!options) return undefined;

  // The question: the paragraph above the options (a narrow pane wraps it).
  let qEnd = options.top - 1;
  while (qEnd >= 0 && isBlank(box.rows[qEnd])) qEnd--;
  let q = qEnd;
  while (q - 1 >= 0 && !isBlank(box.rows[q - 1]) && !HEADER.test(box.rows[q - 1] ?? '')) q--;
  const questionAt = (from: number) => {
    const part = box.rows.slice(from, qEnd + 1);
    return joinWrapped(part, { ...wrap, indent: minIndent(part) }).lines.join(' ').trim();
  };
  // 2026 "Action Required" boxes put the question right under the command, no blank row between:
  // the question is the longest tail of that paragraph that reads as one.
  let known: (typeof QUESTIONS)[number] | undefined;
  for (let k = q; k <= qEnd && !known; k++) {
    known = QUESTIONS.find(([re]) => re.test(questionAt(k)));
    if (known) q = k;
  }
  if (!known) return undefined;
  const question = questionAt(q);
  let [, tool] = known;
  const match = known[0].exec(question);

  let h = q - 1;
  while (h >= 0 && !HEADER.test(box.rows[h] ?? '')) h--;
  const header = HEADER.exec(box.rows[h] ?? '');
  const toolName = header?.[1];
  // A 2026 box may frame the command in a box of its own: keep its text (which wraps at that
  // box's width), drop its borders.
  const raw = box.rows.slice(h + 1, q);
  const nested = raw.map((r) => /^\s*╭─+╮$/.exec(r)?.[0].trim().length).find((n) => n !== undefined);
  const body = trimBlankRows(raw)
    .filter((r) => !/^\s*(?:Note|Tip):/.test(r) && !/^\s*[╭╰]─+[╮╯]$/.test(r))
    .map((r) => r.replace(/^(\s*)│ ?/, '$1').replace(/\s*│$/, ''));
  const bodyWrap = nested !== undefined ? { ...wrap, width: nested - 4 } : wrap;
  const { lines, ambiguous } = joinWrapped(body, { ...bodyWrap, indent: minIndent(body) });
  let command = '';
  // Only text re-joined from wrapped rows can be ambiguous; paths and URLs come from one row.
  let joined = false;
  let truncatedSummary = false;
  if (tool === 'mcp') {
    const args = lines.filter((l) => !/^\s*(?:MCP Server|Tool): /.test(l)).map((l) => l.trim()).join(' ');
    // The body names the server in full when the question had to cut it.
    const server = lines.map((l) => /^\s*MCP Server: (\S+)/.exec(l)?.[1]).find(Boolean) ?? match?.[2] ?? '';
    command = `${server} - ${match?.[1] ?? ''}(${args})`;
    joined = true;
  } else if (tool === 'bash') {
    command = lines.filter((l) => l.trim() !== '').join('\n');
    joined = true;
    if (command === '' && header?.[2]) {
      // No command row: only the header's summary shows it, and that may be shortened. Never vouch for it.
      command = header[2].replace(/\s*(?:\[[^\]]*\]|\([^)]*\))\s*$/, '').trim();
      truncatedSummary = true;
    }
  } else if (tool === 'edit') {
    if (/^Write ?File$/i.test(toolName ?? '')) tool = 'write';
    command = /^(?:Writing to\s+)?([^\s:]+)/.exec(header?.[2] ?? '')?.[1] ?? '';
  } else {
    const url = [header?.[2] ?? '', ...lines].join(' ').match(/https?:\/\/\S+/)?.[0];
    if (url === undefined) tool = 'other';
    command = url ?? lines.join('\n');
    joined = url === undefined;
  }
  const complete =
    command !== '' && h >= 0 && box.top >= 0 && !(joined && ambiguous) && !isTruncated(command) && !isTruncated(question) && !truncatedSummary;
  return {
    tool,
    command,
    options: options.labels,
    optionNumbers: options.numbers,
    ...(options.selected !== undefined ? { selected: options.selected } : {}),
    ...(toolName !== undefined ? { toolName } : {}),
    complete,
  };
}

/**
 * Gemini 2026: the question and options sit under the box, at one column of indent. Returns those
 * rows (up to the last option and its wrapped rows), re-indented like rows inside a box, or none.
 */
function rowsUnderBox(rows: string[], bottom: number, last: number): string[] {
  let end = last;
  while (end > bottom && !isOptionRow(rows[end])) end--;
  if (end === bottom) return [];
  // Wrapped rows of the last option are indented past its number.
  while (end + 1 <= last && /^ {5,}\S/.test(rows[end + 1] ?? '')) end++;
  return rows.slice(bottom + 1, end + 1).map((row) => row.replace(/^ /, ''));
}
