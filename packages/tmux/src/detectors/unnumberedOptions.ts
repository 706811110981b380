/**
 * Option lists drawn without numbers: Claude's trust dialog in some versions (`❯ No, exit` /
 * `  Yes, I trust this folder`) and older Codex approvals (`❯ Yes (y)`). Only the cursor row is
 * marked; the others start at the column where the cursor row's label starts. Callers accept
 * such a list only under a dialog footer ("Enter to confirm · Esc to cancel"), since an indented
 * paragraph under a `❯` row looks the same.
 */
import type { NumberedOptions } from './numberedOptions';
import { indentOf, isBlank } from './screenRows';

const CURSOR = /^(\s*)[❯›>▶] (\S.*)$/;

export function parseUnnumberedOptions(rows: string[], end: number): NumberedOptions | undefined {
  let bottom = end;
  while (bottom >= 0 && isBlank(rows[bottom])) bottom--;
  let top = bottom;
  while (top - 1 >= 0 && !isBlank(rows[top - 1])) top--;
  const block = rows.slice(top, bottom + 1);
  const cursorAt = block.findIndex((row) => CURSOR.test(row));
  if (cursorAt < 0 || block.filter((row) => CURSOR.test(row)).length !== 1) return undefined;
  const m = CURSOR.exec(block[cursorAt] ?? '');
  const column = (m?.[1] ?? '').length + 2;
  // Rows above the cursor row that are not at the label column belong to the text above the list.
  let first = cursorAt;
  while (first - 1 >= 0 && indentOf(block[first - 1] ?? '') === column) first--;
  const labels: string[] = [];
  let selected: number | undefined;
  for (let i = first; i < block.length; i++) {
    const row = block[i] ?? '';
    const cursor = CURSOR.exec(row);
    const indent = indentOf(row);
    if (cursor) {
      selected = labels.length;
      labels.push((cursor[2] ?? '').trim());
    } else if (indent === column) {
      labels.push(row.trim());
    } else if (indent > column && labels.length > 0) {
      labels[labels.length - 1] += ` ${row.trim()}`;
    } else {
      return undefined;
    }
  }
  if (labels.length < 2 || selected === undefined) return undefined;
  return { labels, numbers: [], selected, top: top + first };
}
