/**
 * Turning a `capture-pane -p` dump into rows, and the small row predicates every detector uses.
 */

// CSI / OSC / two-byte escapes, in case a caller captured with `-e`.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/**
 * A screen captured with `-e`, without its escapes: the text `capture-pane -p` gives. tmux pads a
 * row with attributed blanks only when they are drawn with a colour; trailing blanks are dropped
 * as `-p` drops them.
 */
export function stripEscapes(text: string): string {
  if (!text.includes('\x1b')) return text;
  return text.replace(ANSI, '').replace(/[ ]+$/gm, '');
}

export function splitScreen(text: string): { rows: string[]; last: number } {
  const clean = text.includes('\x1b') ? text.replace(ANSI, '') : text;
  const rows = clean
    .replace(/\r\n?/g, '\n')
    // Ink pads the composer with no-break spaces; treat them as spaces.
    .replace(/\u00a0/g, ' ')
    .replace(/\t/g, '    ')
    .split('\n')
    .map((row) => row.trimEnd());
  let last = rows.length - 1;
  while (last >= 0 && rows[last] === '') last--;
  return { rows, last };
}

export function isBlank(row: string | undefined): boolean {
  return row === undefined || row.trim() === '';
}

export function indentOf(row: string): number {
  const m = /^ */.exec(row);
  return m ? m[0].length : 0;
}

/** A horizontal rule drawn with `─` (Claude 2.x composer, Aider's prompt separator). */
export function isRule(row: string | undefined, minLength = 8): boolean {
  if (row === undefined || row.length < minLength || !row.startsWith('─')) return false;
  let dashes = 0;
  for (const ch of row) if (ch === '─') dashes++;
  return dashes >= row.length * 0.7;
}

export function isBoxTop(row: string | undefined): boolean {
  return row !== undefined && /^╭─+╮$/.test(row);
}

export function isBoxBottom(row: string | undefined): boolean {
  return row !== undefined && /^╰─+╯$/.test(row);
}

/** Index of the nearest non-blank row at or above `from`, or -1. */
export function prevNonBlank(rows: string[], from: number): number {
  for (let i = from; i >= 0; i--) if (!isBlank(rows[i])) return i;
  return -1;
}

export function widestRow(rows: string[]): number {
  let widest = 0;
  for (const row of rows) if (row.length > widest) widest = row.length;
  return widest;
}
