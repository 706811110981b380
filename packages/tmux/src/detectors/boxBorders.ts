/**
 * Un-boxes a `╭─╮ │ … │ ╰─╯` frame drawn by Ink (Claude 1.x dialogs, Gemini tool groups) so the
 * text inside can be parsed like an unframed screen.
 */
import { isBoxTop } from './screenRows';

export interface Unboxed {
  /** Text rows inside the box, without the `│ ` / ` │` borders. */
  rows: string[];
  /** Columns available to text inside the box (box width minus borders and padding). */
  width: number;
  /** Screen row of the box top, or -1 when it has scrolled off. */
  top: number;
}

/** `bottom` is the screen row holding `╰──╯`. Returns undefined if a row between is not boxed. */
export function unboxAbove(rows: string[], bottom: number): Unboxed | undefined {
  const bottomRow = rows[bottom] ?? '';
  const left = bottomRow.indexOf('╰');
  const boxWidth = bottomRow.length - left;
  let top = bottom - 1;
  while (top >= 0 && !(isBoxTop((rows[top] ?? '').slice(left)) && (rows[top] ?? '').length === bottomRow.length)) top--;
  const inner: string[] = [];
  for (let i = Math.max(top + 1, 0); i < bottom; i++) {
    const row = (rows[i] ?? '').slice(left);
    if (!row.startsWith('│')) return undefined;
    inner.push(row.slice(2).replace(/\s*│$/, ''));
  }
  // "│ " + text + " │": the text column is four narrower than the box.
  return { rows: inner, width: boxWidth - 4, top };
}
