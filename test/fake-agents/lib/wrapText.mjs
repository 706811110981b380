// Word wrapping as the real renderers do it, because the detectors re-join wrapped commands
// by these exact rules (see packages/tmux/src/detectors/joinWrapped.ts):
// - 'ink' (Claude Code: wrap-ansi with hard: true, trim: false): the space at a break stays at
//   the end of the broken row; a row that is exactly full pushes the space to the next row;
//   a word longer than the row is cut at the edge.
// - 'textwrap' (Codex's ratatui, Aider's rich): the space at a break is dropped; long words
//   are cut at the edge.
import { charWidth, stringWidth } from './textWidth.mjs';

function cutWord(rows, word, columns) {
  let visible = stringWidth(rows[rows.length - 1]);
  const chars = Array.from(word);
  chars.forEach((ch, i) => {
    const w = charWidth(ch);
    if (visible + w <= columns) rows[rows.length - 1] += ch;
    else {
      rows.push(ch);
      visible = 0;
    }
    visible += w;
    if (visible === columns && i < chars.length - 1) {
      rows.push('');
      visible = 0;
    }
  });
}

/** wrap-ansi's algorithm for one line (no newlines), hard: true, trim: false. */
export function inkWrap(line, columns) {
  if (columns <= 0) return [line];
  const rows = [''];
  line.split(' ').forEach((word, index) => {
    const len = stringWidth(word);
    let rowLength = stringWidth(rows[rows.length - 1]);
    if (index !== 0) {
      if (rowLength >= columns) {
        rows.push('');
        rowLength = 0;
      }
      rows[rows.length - 1] += ' ';
      rowLength++;
    }
    if (len > columns) {
      const remaining = columns - rowLength;
      const breaksThisLine = 1 + Math.floor((len - remaining - 1) / columns);
      const breaksNextLine = Math.floor((len - 1) / columns);
      if (breaksNextLine < breaksThisLine) rows.push('');
      cutWord(rows, word, columns);
      return;
    }
    if (rowLength + len > columns && rowLength > 0 && len > 0) rows.push('');
    rows[rows.length - 1] += word;
  });
  return rows;
}

/** Greedy word wrap that drops the space at each break and cuts over-long words. */
export function textWrap(line, columns) {
  if (columns <= 0) return [line];
  const rows = [''];
  for (const word of line.split(' ')) {
    const current = rows[rows.length - 1];
    const width = stringWidth(current);
    const len = stringWidth(word);
    if (current === '' && width === 0 && rows.length > 1 && word === '') continue;
    if (width > 0 && width + 1 + len <= columns) {
      rows[rows.length - 1] += ` ${word}`;
    } else if (width === 0 && len <= columns) {
      rows[rows.length - 1] += word;
    } else if (len <= columns) {
      rows.push(word);
    } else {
      if (width > 0) rows.push('');
      cutWord(rows, word, columns);
    }
  }
  return rows;
}

/**
 * Wraps a (possibly multi-line) text into rows of `cols` columns: the first row starts with
 * `first`, every other row with `rest` (the same width), so wrapped text stays in its column.
 */
export function wrapBlock(text, { first = '', rest = first, cols, style = 'ink' }) {
  const width = Math.max(1, cols - stringWidth(first));
  const wrap = style === 'ink' ? inkWrap : textWrap;
  const rows = [];
  for (const line of String(text).split(/\r\n|\r|\n/)) {
    for (const row of wrap(line, width)) rows.push(`${rows.length === 0 ? first : rest}${row}`);
  }
  return rows;
}
