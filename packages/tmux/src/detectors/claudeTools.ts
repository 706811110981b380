/**
 * What a Claude Code permission dialog asks for: the tool kind from its title (or question) and
 * the command / path / URL from its body.
 */
import { basename, isTruncated, looksLikeDescription, minIndent, trimBlankRows } from './commandText';
import { joinWrapped } from './joinWrapped';
import type { ToolKind } from './types';

export interface ClaudeRequest {
  tool: ToolKind;
  command: string;
  complete: boolean;
}

export interface DialogText {
  title: string | undefined;
  /** Rows between the title and the question, indentation kept. */
  body: string[];
  question: string;
  options: string[];
  width: number;
  widthKnown: boolean;
  /** Widest row on screen: the least the pane can be when `width` is a guess. */
  lowerBound: number;
}

const MCP_CALL = /^[\w.@-]+ - [\w.-]+\(.*\)(?: \(MCP\))?$/s;

// The dangerous-rm dialog frames the request with a `│` gutter; its warning rows sit outside it.
const GUTTER = /^(\s*)│ ?/;

export function readClaudeRequest(input: DialogText): ClaudeRequest {
  const guttered = input.body.filter((row) => GUTTER.test(row));
  const dialog = guttered.length > 0 && !input.body.some((row) => /^\s*[╭╰]/.test(row))
    ? { ...input, body: guttered.map((row) => row.replace(GUTTER, '$1  ')) }
    : input;
  const tool = toolOf(dialog);
  switch (tool) {
    case 'edit':
    case 'write':
    case 'read':
      return { tool, ...filePath(dialog, tool) };
    case 'fetch':
      return { tool, ...fetchTarget(dialog) };
    case 'mcp': {
      const { command, complete } = commandWithDescription(dialog);
      return { tool, command: command.replace(/ \(MCP\)$/, ''), complete };
    }
    default:
      return { tool, ...commandWithDescription(dialog) };
  }
}

function toolOf(dialog: DialogText): ToolKind {
  const { title, body, question, options } = dialog;
  const t = (title ?? '').trim();
  if (/^Bash(?: command)?$/i.test(t)) return 'bash';
  if (/^(?:Edit|Update)(?: file)?$|^Edit notebook$/i.test(t)) return 'edit';
  if (/^(?:Create|Write)(?: file)?$/i.test(t)) return 'write';
  if (/^Read(?: files?)?$/i.test(t)) return 'read';
  if (/^(?:Web ?)?Fetch$/i.test(t)) return 'fetch';
  if (t === '' || /^Tool use$|MCP/i.test(t)) {
    const first = logicalLines(body, dialog).lines[0] ?? '';
    if (MCP_CALL.test(first)) return 'mcp';
  }
  if (t === '') {
    // Title scrolled away: the question and the "don't ask again" option still say what it is.
    if (/^Do you want to make this edit to /.test(question)) return 'edit';
    if (/^Do you want to create /.test(question)) return 'write';
    if (/fetch/i.test(question)) return 'fetch';
    if (options.some((o) => /don't ask again for .* commands in /.test(o))) return 'bash';
  }
  return 'other';
}

function logicalLines(body: string[], { width, widthKnown, lowerBound }: DialogText) {
  const rows = trimBlankRows(body);
  return joinWrapped(rows, { indent: minIndent(rows), width, widthKnown, lowerBound, style: 'ink' });
}

// Safety notes Claude adds under some commands ("Command contains $() command substitution").
const NOTE = /^Command contains /;

// Newer builds put the description (and tips) first and the command between two dashed rules.
const DASHED = /^\s*╌{8,}\s*$/;

/** Bash and generic tools: the command, then (usually) one description line. */
function commandWithDescription(dialog: DialogText) {
  const first = dialog.body.findIndex((row) => DASHED.test(row));
  if (first >= 0) {
    const second = dialog.body.findIndex((row, i) => i > first && DASHED.test(row));
    // Without the closing rule the command may go on below what we can see.
    if (second < 0) return { command: logicalLines(dialog.body.slice(first + 1), dialog).lines.join('\n'), complete: false };
    const { lines, ambiguous } = logicalLines(dialog.body.slice(first + 1, second), dialog);
    const command = lines.join('\n');
    return { command, complete: command !== '' && !ambiguous && !isTruncated(command) };
  }
  const joined = logicalLines(dialog.body, dialog);
  const { ambiguous } = joined;
  const lines = joined.lines.filter((line, i) => i === 0 || !NOTE.test(line));
  if (lines.length === 0) return { command: '', complete: false };
  if (lines.length === 1) {
    const command = lines[0] ?? '';
    return { command, complete: !ambiguous && !isTruncated(command) };
  }
  const lastLine = lines[lines.length - 1] ?? '';
  if (looksLikeDescription(lastLine)) {
    const command = lines.slice(0, -1).join('\n');
    return { command, complete: !ambiguous && !isTruncated(command) };
  }
  // No recognisable description: the last line may be part of a multi-line command or a
  // description we cannot tell apart from one. Keep it all, and say we are unsure.
  return { command: lines.join('\n'), complete: false };
}

// Inner frames around a file preview: │ … │ boxes, ╭╮╰╯ corners, ╌ dashed rules.
const FRAME_ROW = /^\s*[╭╰╌┌└]/;
const DIFF_ROW = /^\s*\d+\s/;

function filePath({ body, question, width, widthKnown, lowerBound }: DialogText, tool: ToolKind) {
  const named = /(?:edit to|create|read) (.+)\?$/.exec(question)?.[1];
  const rows: string[] = [];
  let boxed = false;
  for (const raw of trimBlankRows(body)) {
    if (FRAME_ROW.test(raw)) {
      if (rows.length > 0) break;
      continue;
    }
    if (rows.length === 0) boxed = /^\s*│/.test(raw);
    const row = raw.replace(/^(\s*)│ ?/, '$1').replace(/\s*│$/, '');
    if (row.trim() === '' || DIFF_ROW.test(row)) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(row);
  }
  // Inside a nested preview box the text is four columns narrower (its borders and padding).
  const inner = boxed ? 4 : 0;
  const { lines, ambiguous } = joinWrapped(rows, {
    indent: minIndent(rows),
    width: width - inner,
    widthKnown,
    lowerBound: lowerBound - inner,
    style: 'ink',
  });
  let path = (lines[0] ?? '').trim();
  const wrapped = /^Read\((.*)\)$/.exec(path);
  if (wrapped) path = wrapped[1] ?? '';
  if (path === '' || /\s/.test(path) && !path.startsWith('/')) {
    return { command: named ?? '', complete: false };
  }
  // A path is one logical line; more means rows we could not join, so part of it may be missing.
  const consistent = lines.length === 1 && (named === undefined || tool === 'read' || basename(path) === named);
  return { command: path, complete: !ambiguous && consistent && !isTruncated(path) };
}

function fetchTarget(dialog: DialogText) {
  const { lines, ambiguous } = logicalLines(dialog.body, dialog);
  // 2.1.2xx: `url: "https://…", prompt: "…"` on one logical line.
  const quoted = lines.map((l) => /^url: "([^"]+)"/.exec(l.trim())?.[1]).find(Boolean);
  if (quoted !== undefined) return { command: quoted, complete: !ambiguous && !isTruncated(quoted) };
  const url = lines.find((l) => /^https?:\/\//.test(l.trim()))?.trim();
  if (url !== undefined) return { command: url, complete: !ambiguous && !isTruncated(url) };
  const domain = lines.map((l) => /fetch content from (\S+)/.exec(l)?.[1]).find(Boolean);
  return { command: domain ?? '', complete: false };
}
