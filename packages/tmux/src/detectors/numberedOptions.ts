/**
 * Reads a numbered choice list (`❯ 1. Yes` / `  2. No`) that ends at a given row — the answer
 * block every agent's permission dialog ends with.
 */
import { joinWrapped, type WrapGeometry } from './joinWrapped';
import { indentOf, isBlank } from './screenRows';

export interface NumberedOptions {
  labels: string[];
  numbers: number[];
  /** Index of the option drawn with a cursor marker, if exactly one is. */
  selected?: number;
  /** Row index of the first option row. */
  top: number;
}

// Cursor glyphs: Claude ❯, Codex ›, Gemini ●, older builds > or ▶. A narrow pane can squeeze
// out the space after the number (`2.Yes`).
const OPTION = /^(\s*)(?:([❯›●>▶])\s*)?(\d{1,2})\.(?:\s+|(?=[A-Z]))(\S.*)$/;

export function isOptionRow(row: string | undefined): boolean {
  return row !== undefined && OPTION.test(row);
}

/**
 * Parses the option block whose last row is at or above `end` (blank rows below it are skipped).
 * Rows that are not options but sit deeper than the list (wrapped labels) belong to the option
 * above them. Returns undefined unless the options are numbered 1..n with n ≥ 2.
 */
export function parseOptionsEndingAt(
  rows: string[],
  end: number,
  wrap: Omit<WrapGeometry, 'indent'>,
): NumberedOptions | undefined {
  let i = end;
  while (i >= 0 && isBlank(rows[i])) i--;
  const bottom = i;
  let top = -1;
  for (; i >= 0; i--) {
    const row = rows[i] ?? '';
    // Some menus (Claude's login method) leave one blank row between options.
    if (isBlank(row)) {
      if (top >= 0 && !isBlank(rows[i - 1]) && OPTION.test(rows[i - 1] ?? '')) continue;
      break;
    }
    if (OPTION.test(row)) {
      top = i;
      continue;
    }
    // Wrapped label rows are indented past the number column (at least `  1. `).
    if (indentOf(row) < 4) break;
  }
  if (top < 0) return undefined;

  const labels: string[] = [];
  const numbers: number[] = [];
  let selected: number | undefined;
  let markers = 0;
  for (let r = top; r <= bottom; ) {
    const m = OPTION.exec(rows[r] ?? '');
    if (!m) return undefined;
    const labelColumn = (rows[r] ?? '').length - (m[4] ?? '').length;
    const labelRows = [' '.repeat(labelColumn) + (m[4] ?? '')];
    r++;
    while (r <= bottom && !OPTION.test(rows[r] ?? '')) {
      const next = rows[r++] ?? '';
      if (!isBlank(next)) labelRows.push(next);
    }
    const { lines } = joinWrapped(labelRows, { ...wrap, indent: labelColumn });
    if (m[2] !== undefined) {
      markers++;
      selected = labels.length;
    }
    // Codex pads a label column before each option's description; keep the gap, not the padding.
    labels.push(lines.join(' ').trim().replace(/ {3,}/g, '  '));
    numbers.push(Number(m[3]));
  }
  if (labels.length < 2 || numbers.some((n, k) => n !== k + 1)) return undefined;
  return { labels, numbers, top, ...(markers === 1 && selected !== undefined ? { selected } : {}) };
}
