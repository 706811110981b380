/**
 * Small judgments about extracted command text shared by the detectors.
 */

/**
 * Claude (and Gemini) print a one-line prose description under a command. It starts with a
 * capitalised word and carries no shell syntax; anything else may be part of the command.
 */
export function looksLikeDescription(line: string): boolean {
  return /^[A-Z][a-z']+\b/.test(line) && !/[|&;<>$`\\]/.test(line) && !/^\S+=/.test(line);
}

/** Renderers cut over-long text with an ellipsis; such a command is not fully known. */
export function isTruncated(text: string): boolean {
  return text.includes('…');
}

export function minIndent(rows: string[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    if (row.trim() === '') continue;
    const indent = row.length - row.trimStart().length;
    if (indent < min) min = indent;
  }
  return Number.isFinite(min) ? min : 0;
}

/** Drops blank rows at both ends of a block. */
export function trimBlankRows(rows: string[]): string[] {
  let start = 0;
  let end = rows.length;
  while (start < end && (rows[start] ?? '').trim() === '') start++;
  while (end > start && (rows[end - 1] ?? '').trim() === '') end--;
  return rows.slice(start, end);
}

export function basename(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 1] ?? path;
}
