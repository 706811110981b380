/**
 * Re-joins text that the agent's renderer wrapped across several rows.
 *
 * Two wrapping engines draw the screens we read, and they differ in where the space at a break
 * goes — which is what tells a wrapped row from a genuine new line:
 * - 'ink' (Claude Code, Gemini CLI; wrap-ansi with trim off): the space stays at the end of the
 *   broken row, where capture-pane trims it away; a row that was exactly full pushes the next
 *   word to a new row that starts with that space; a word longer than the row is cut at the edge.
 * - 'textwrap' (Codex's ratatui, Aider's rich): the space at a break is dropped; long words are
 *   cut at the edge. A row that ends at the edge could be either, so it is reported ambiguous.
 *
 * A row is a continuation only when the next row's first word could not have fitted on it; a
 * row that had room for that word started a new line. Whenever the call is a guess the result
 * is marked ambiguous, and callers must then treat the command as incomplete (fail closed).
 * Without a known width every join is a guess: rows are joined as if the pane were `width`
 * wide, and any row that could be wrapped at any width from `lowerBound` up flags the result.
 */

export type WrapStyle = 'ink' | 'textwrap';

export interface WrapGeometry {
  /** Column where the block's text starts (rows are indented at least this much). */
  indent: number;
  /** Column at which rows wrap (absolute, same coordinates as `indent`). */
  width: number;
  /** False when `width` is only a guess (no pane width, no rule or box to measure). */
  widthKnown: boolean;
  /**
   * With an unknown width: the smallest width the pane can have (its widest row). Rows that
   * would be wrapped at this width but not at `width` are kept apart, yet flag the result.
   */
  lowerBound?: number;
  style: WrapStyle;
}

export interface JoinedText {
  lines: string[];
  ambiguous: boolean;
}

// A capitalised word at a row start reads like a new sentence (a description), not a fragment.
const SENTENCE_START = /^[A-Z][a-z']+(?:[\s,.:]|$)/;

export function joinWrapped(rows: string[], geometry: WrapGeometry): JoinedText {
  const { indent, width, widthKnown, style } = geometry;
  const lowerBound = Math.min(geometry.lowerBound ?? width, width);
  const lines: string[] = [];
  let ambiguous = false;
  let prev: string | undefined;
  for (const row of rows) {
    const content = stripIndent(row, indent);
    const above = prev !== undefined && content !== '' && prev.trim() !== '' ? prev : undefined;
    const decision = above === undefined ? undefined : continuation(above, content, width, style);
    if (above !== undefined && !widthKnown && decision === undefined && continuation(above, content, lowerBound, style)) {
      ambiguous = true;
    }
    if (decision === undefined) {
      lines.push(content);
    } else {
      const joinedTo = lines.length - 1;
      const head = lines[joinedTo] ?? '';
      lines[joinedTo] = decision.space ? `${head} ${content}` : head + content;
      if (decision.doubt || !widthKnown) ambiguous = true;
    }
    prev = row;
  }
  return { lines, ambiguous };
}

function continuation(
  prev: string,
  content: string,
  width: number,
  style: WrapStyle,
): { space: boolean; doubt: boolean } | undefined {
  // A row cut short with an ellipsis ends its text; what follows is something else.
  if (prev.endsWith('…')) return undefined;
  const lead = content.startsWith(' ');
  const word = firstWord(content);
  const len = prev.length;
  const wouldNotFit = len + 1 + word.length > width;
  const sentence = SENTENCE_START.test(content);
  if (style === 'ink') {
    // Exactly full: the next row carries the break space, or continues a word cut at the edge.
    if (len >= width) return { space: false, doubt: !lead && sentence };
    if (lead) return undefined;
    // One short of the edge: a cut word if the real wrap column is one less, or a word wrap.
    if (len === width - 1) return { space: true, doubt: true };
    return wouldNotFit ? { space: true, doubt: sentence } : undefined;
  }
  if (lead) return undefined;
  if (len >= width - 1) {
    // Cut word or dropped space: guess from whether the row holds a single unbroken token.
    return { space: prev.trim().includes(' '), doubt: true };
  }
  return wouldNotFit ? { space: true, doubt: sentence } : undefined;
}

function stripIndent(row: string, indent: number): string {
  let cut = 0;
  while (cut < indent && row[cut] === ' ') cut++;
  return row.slice(cut);
}

function firstWord(content: string): string {
  const trimmed = content.trimStart();
  const space = trimmed.indexOf(' ');
  return space < 0 ? trimmed : trimmed.slice(0, space);
}
