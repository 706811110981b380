/**
 * Aider (line-mode REPL, prompt_toolkit + rich). It has no full-screen UI: the bottom row is the
 * whole story. `> ` (or `architect> `, `ask> `, `multi> ` …) waiting for input is idle; a
 * `Question? (Y)es/(N)o… [Yes]:` row is a permission prompt, its subject (command, file, URL)
 * printed just above it; streaming output with no prompt under it is busy.
 */
import { agentExited, notThisAgent } from './agentExited';
import { isTruncated, trimBlankRows } from './commandText';
import { joinWrapped } from './joinWrapped';
import { isBlank, isRule, widestRow } from './screenRows';
import type { Classification, PermissionPrompt, ScreenInput, ToolKind } from './types';

// `Question? (Y)es/(N)o/(D)on't ask again [Yes]:` and whatever was typed after it.
const CONFIRM = /^(.*\?)\s+((?:\([A-Z]\)[\w' ]*\/)*\([A-Z]\)[\w' ]*)\s*\[(\w[\w' ]*)\]:\s*(\S*)$/;
// `>` then a space or nothing: `>>>>>>> REPLACE` in a streaming edit block is not a prompt.
const PROMPT = /^(?:(?:architect|ask|code|context|help|multi)\s?)*>(?: .*)?$/;
const QUESTIONS: Array<[RegExp, ToolKind]> = [
  [/^Run shell commands?\?$/, 'bash'],
  [/^Allow edits to file that has not been added to the chat\?$|which is read-only/, 'edit'],
  [/^Create new file\?$/, 'write'],
  [/^Add (?:file|files) to the chat\?$/, 'read'],
  [/^Add URL to the chat\?$/, 'fetch'],
];
// Left on screen by aider itself: proof the pane is aider's even while it streams.
const EVIDENCE = [
  /^Aider v\d/, /^Main model: /, /^Tokens: .* sent/, /^Applied edit to /, /^<<<<<<< SEARCH$/,
  /^>>>>>>> REPLACE$/, /Waiting for \S+/, /^Commit [0-9a-f]{7} /,
];

export function detectAider(screen: ScreenInput): Classification {
  const { rows, last } = screen;
  const exited = agentExited('aider', screen);
  if (exited) return exited;
  if (last < 0) return notThisAgent('aider', screen);
  const prompt = aiderConfirm(screen);
  // An answer after the colon: the question was answered (or is being typed by a human) and the
  // capture cannot show whether Enter went in. Never offer it to auto-confirm a second time.
  if (prompt === 'answered') return { state: 'busy', provider: 'aider', detail: 'aider:answered' };
  if (prompt) return { state: 'permission', provider: 'aider', prompt, detail: 'aider' };
  if (PROMPT.test(rows[last] ?? '')) return { state: 'idle', provider: 'aider', detail: 'aider' };
  if (rows.some((row) => EVIDENCE.some((re) => re.test(row)))) {
    return { state: 'busy', provider: 'aider', detail: 'aider' };
  }
  return notThisAgent('aider', screen);
}

function aiderConfirm({ rows, last, paneWidth }: ScreenInput): PermissionPrompt | 'answered' | undefined {
  // Aider draws a full-width rule before each prompt; it measures the pane when tmux did not say.
  const ruleWidth = rows.filter((r) => isRule(r)).reduce((w, r) => Math.max(w, r.length), 0);
  const width = paneWidth ?? (ruleWidth || widestRow(rows));
  const found = findQuestion(rows, last, width);
  if (!found) return undefined;
  const { match, qTop } = found;
  if ((match[4] ?? '') !== '') return 'answered';
  const question = (match[1] ?? '').trim();
  const letters = (match[2] ?? '').split('/');
  const options = letters.map((l) => l.replace(/\(([A-Z])\)/, '$1').trim());
  const defaultAnswer = (match[3] ?? '').trim().toLowerCase();
  const selected = options.findIndex((o) => o.toLowerCase() === defaultAnswer);
  const tool = QUESTIONS.find(([re]) => re.test(question))?.[1] ?? 'other';

  // The subject: rows between the blank row aider prints and the question.
  let sTop = qTop;
  while (sTop - 1 >= 0 && !isBlank(rows[sTop - 1]) && !isRule(rows[sTop - 1])) sTop--;
  const subjectRows = trimBlankRows(rows.slice(sTop, qTop));
  const { lines, ambiguous } = joinWrapped(subjectRows, {
    indent: 0,
    width,
    widthKnown: paneWidth !== undefined || ruleWidth > 0,
    style: 'textwrap',
  });
  let command = lines.map((l) => l.trim()).join('\n');
  let complete = command !== '' && !ambiguous && !isTruncated(command);
  if (tool === 'other' && command === '') {
    command = question;
    complete = true;
  }
  return {
    tool,
    command,
    options,
    ...(selected >= 0 ? { selected } : {}),
    toolName: question,
    complete,
  };
}

/**
 * prompt_toolkit wraps a long question at the pane edge, mid-word, so rows above the last one
 * that fill the pane belong to it. Prefer the longest reading that is a question aider asks.
 */
function findQuestion(rows: string[], last: number, width: number) {
  let full = 0;
  while (full < 2 && last - full - 1 >= 0 && (rows[last - full - 1] ?? '').length >= width) full++;
  let fallback: { match: RegExpExecArray; qTop: number } | undefined;
  for (let k = full; k >= 0; k--) {
    const match = CONFIRM.exec(rows.slice(last - k, last + 1).join(''));
    if (!match) continue;
    const question = (match[1] ?? '').trim();
    if (QUESTIONS.some(([re]) => re.test(question))) return { match, qTop: last - k };
    fallback ??= { match, qTop: last - k };
  }
  return fallback;
}
