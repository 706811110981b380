/**
 * The response of an agent without a Stop hook: what appeared on its screen since the prompt was
 * typed. The baseline is the screen captured just before typing; the output is everything below
 * the last rows the two captures share, minus the echo of the prompt and the input area at the
 * bottom. Bounded: the tail is what matters.
 */
import { readComposer, screenRows } from './composerReader';

export const RESPONSE_MAX_CHARS = 16_000;
const ANCHOR_ROWS = 3;

export function screenResponse(provider: string, after: string, before: string | undefined, promptText: string): string {
  const afterRows = contentRows(provider, after);
  let rows = afterRows;
  if (before !== undefined) {
    const anchor = contentRows(provider, before).filter((r) => r.trim() !== '').slice(-ANCHOR_ROWS);
    const at = anchor.length ? lastIndexOfBlock(afterRows, anchor) : -1;
    if (at >= 0) rows = afterRows.slice(at + anchor.length);
  }
  rows = dropEcho(rows, promptText);
  const text = rows.join('\n').replace(/^\n+|\s+$/g, '');
  return text.length <= RESPONSE_MAX_CHARS ? text : `…${text.slice(text.length - RESPONSE_MAX_CHARS + 1)}`;
}

/** The screen above the input area. */
function contentRows(provider: string, screen: string): string[] {
  const { rows, last } = screenRows(screen);
  const composer = readComposer(provider, screen);
  return rows.slice(0, composer.found ? composer.top : last + 1);
}

function lastIndexOfBlock(rows: string[], block: string[]): number {
  const key = (r: string) => r.trim();
  for (let i = rows.length - block.length; i >= 0; i--) {
    if (block.every((b, j) => key(rows[i + j]!) === key(b))) {
      // The row after a shared row can itself be shared; only a full match counts.
      return i;
    }
  }
  return -1;
}

/** The agent echoes the prompt first; drop rows up to its last line when it shows up near the top. */
function dropEcho(rows: string[], promptText: string): string[] {
  const lines = promptText.split('\n').map((l) => l.trim()).filter(Boolean);
  const lastLine = lines[lines.length - 1]?.slice(0, 40);
  if (!lastLine) return rows;
  const limit = Math.min(rows.length, lines.length + 6);
  for (let i = limit - 1; i >= 0; i--) {
    if (rows[i]!.includes(lastLine)) return rows.slice(i + 1);
  }
  return rows;
}
