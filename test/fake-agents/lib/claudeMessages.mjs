// Conversation lines Claude Code prints above the composer (same in 1.x and 2.x):
// `> prompt`, `⏺ reply`, `⏺ Bash(cmd)` with `⎿ result` under it. Text is word-wrapped the
// way Ink wraps it, continuation rows staying in the text's column.
import { claudeDialog, claudeToolCall } from './claudeDialogs.mjs';
import { wrapBlock } from './wrapText.mjs';
import { stringWidth } from './textWidth.mjs';

const splitLines = (text) => String(text).split(/\r\n|\r|\n/);

/** @param {() => number} cols current terminal width */
export function claudeMessages(cols) {
  const block = (first, rest, text) => wrapBlock(text, { first, rest, cols: cols() });
  return {
    promptEcho: (text) => [...block('> ', '  ', text), ''],
    reply: (text) => [...block('⏺ ', '  ', text), ''],
    toolCall: (name, input, cwd) => block('⏺ ', '  ', claudeToolCall(name, input, cwd)),
    toolResult: (text) => [...block('  ⎿  ', '     ', text), ''],
    interrupted: () => ['  ⎿  Interrupted by user', ''],
    rejected: () => ['  ⎿  Interrupted · What should Claude do instead?', ''],
    denied: (message) => [...block('  ⎿  Error: ', '     ', message || 'Permission to use this tool was denied'), ''],
    apiError: (message) => [...block('  ⎿  ', '     ', message), ''],
    blocked: (reason) => ['  ⎿  UserPromptSubmit operation blocked by hook:', ...block('     ', '     ', reason), ''],
    output: (lines) => [...lines.flatMap((l, i) => block(i === 0 ? '⏺ ' : '  ', '  ', l)), ''],
    dialogContent: claudeDialog,
    dialogLetters: {},
    interruptKeys: ['Escape', 'C-c'],
  };
}

/**
 * The dialog's rows inside a frame `width` columns wide. 2.x ('ruled'): title at indent 1, a
 * blank row, the body at indent 3 — or, for a file, its path at indent 1 and the diff between
 * `╌` rules; 1.x ('boxed'): the same at indents 0 and 2, the file preview in a nested box.
 */
export function claudeDialogRows({ content, selected }, width, style) {
  const ruled = style === 'ruled';
  const textIndent = ruled ? 1 : 0;
  const at = (indent, text) => wrapBlock(text, { first: ' '.repeat(indent), cols: width });
  const rows = [...at(textIndent, content.title)];
  if (content.file) {
    const { path, diff } = content.file;
    if (ruled) {
      const dashes = '╌'.repeat(width);
      rows.push(...at(1, path), dashes, ...diff.flatMap((l) => at(2, l)), dashes);
    } else {
      const inner = [...at(0, path), '', ...diff.flatMap((l) => at(1, l))];
      rows.push(...nestedBox(inner, width));
    }
  } else {
    rows.push('', ...content.body.flatMap((l) => at(ruled ? 3 : 2, l)), '');
  }
  rows.push(...at(textIndent, content.question));
  content.options.forEach((o, i) => {
    const first = `${' '.repeat(textIndent)}${i === selected ? '❯ ' : '  '}${i + 1}. `;
    rows.push(...wrapBlock(o.label, { first, rest: ' '.repeat(first.length), cols: width }));
  });
  return rows;
}

function nestedBox(rows, width) {
  const inner = width - 4;
  const pad = (text) => text + ' '.repeat(Math.max(0, inner - stringWidth(text)));
  return [
    `╭${'─'.repeat(width - 2)}╮`,
    ...rows.flatMap((r) => wrapBlock(r, { cols: inner })).map((r) => `│ ${pad(r)} │`),
    `╰${'─'.repeat(width - 2)}╯`,
  ];
}

/** The composer's text rows: `❯ `/`> ` before the first, continuation rows under the text. */
export function composerRows(lines, marker, width) {
  return wrapBlock(lines.join('\n'), { first: `${marker} `, rest: '  ', cols: width });
}

/** Claude Code collapses big pastes into a placeholder; the text itself is still submitted. */
export function claudePaste(enabled) {
  return {
    collapsePaste: (text) => enabled && (text.length > 800 || splitLines(text).length > 2),
    pasteLabel: (n, text) => {
      const extra = splitLines(text).length - 1;
      return extra > 0 ? `[Pasted text #${n} +${extra} lines]` : `[Pasted text #${n}]`;
    },
  };
}

export function spinnerLine(view, frames) {
  const glyph = frames[view.frame % frames.length];
  return `${glyph} ${view.verb ?? 'Thinking'}… (${view.elapsedS}s · esc to interrupt)`;
}
