/**
 * The response of an agent without a Stop hook: what appeared on its screen since the prompt was
 * typed. The baseline is the screen captured just before typing; the output is everything below
 * the last rows the two captures share, minus the echo of the prompt and the input area at the
 * bottom. Bounded: the tail is what matters.
 */
import { readComposer, splitScreen } from '@architect/tmux';

export const RESPONSE_MAX_CHARS = 16_000;
const ANCHOR_ROWS = 3;

export function screenResponse(provider: string, after: string, before: string | undefined, promptText: string): string {
  let rows = contentRows(provider, after);
  if (before !== undefined) {
    const anchor = contentRows(provider, before).filter(nonBlank).slice(-ANCHOR_ROWS);
    const end = anchor.length ? endOfLastBlock(rows, anchor) : -1;
    if (end >= 0) rows = rows.slice(end + 1);
  }
  rows = dropEcho(rows, promptText);
  const text = rows.join('\n').replace(/^\n+|\s+$/g, '');
  return text.length <= RESPONSE_MAX_CHARS ? text : `…${text.slice(text.length - RESPONSE_MAX_CHARS + 1)}`;
}

const nonBlank = (r: string) => r.trim() !== '';

/** The screen above the input area. */
function contentRows(provider: string, screen: string): string[] {
  const { rows, last } = splitScreen(screen);
  const composer = readComposer(provider, screen);
  return rows.slice(0, composer.found ? composer.top : last + 1);
}

/** Index (in `rows`) of the last row of the last place where `block` appears, blank rows ignored. */
function endOfLastBlock(rows: string[], block: string[]): number {
  const idx = rows.flatMap((r, i) => (nonBlank(r) ? [i] : []));
  const key = (r: string) => r.trim();
  for (let i = idx.length - block.length; i >= 0; i--) {
    if (block.every((b, j) => key(rows[idx[i + j]!]!) === key(b))) return idx[i + block.length - 1]!;
  }
  return -1;
}

/** The agent echoes the prompt first; drop rows up to its last line when it shows up near the top. */
function dropEcho(rows: string[], promptText: string): string[] {
  const lines = promptText.split('\n').map((l) => l.trim()).filter(Boolean);
  const lastLine = lines[lines.length - 1]?.slice(0, 40);
  if (!lastLine) return rows;
  const limit = Math.min(rows.length, lines.length + 6);
  // The first row carrying the prompt's last line is the echo; a reply quoting it comes later.
  for (let i = 0; i < limit; i++) {
    if (rows[i]!.includes(lastLine)) return rows.slice(i + 1);
  }
  return rows;
}
