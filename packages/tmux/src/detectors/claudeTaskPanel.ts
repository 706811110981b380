/**
 * Claude Code 2.1.2xx can pin a task panel to the bottom of the pane (`ctrl+t to hide tasks`),
 * under the composer or under a dialog, with hundreds of blank rows between them in a tall pane.
 * The composer and dialog readers look at the rows above it: this finds where the live screen
 * ends once the panel is set aside.
 */
import { isBlank, prevNonBlank } from './screenRows';

const PANEL_HINT = /ctrl\+t to (?:hide|show) (?:tasks|todos)/i;
// Task rows (☐ ◻ ◼ ✔ …), their tree joints, "… +3 pending", a "Tasks" header.
const PANEL_ROW = /^\s*(?:[◻◼☐☒✔✓✗■□◯○]\s|⎿|…|\+?\d+ (?:more|pending|completed|in progress|tasks?)\b|Tasks\b|ctrl\+t to )/i;
const MAX_PANEL_ROWS = 20;

/** Index of the last row that belongs to the agent's screen proper (`last` when there is no panel). */
export function liveBottom(rows: string[], last: number): number {
  let top = last + 1;
  let hint = false;
  for (let i = last; i >= 0 && last - i < MAX_PANEL_ROWS; i--) {
    const row = rows[i] ?? '';
    if (isBlank(row)) continue;
    if (!PANEL_ROW.test(row)) break;
    if (PANEL_HINT.test(row)) hint = true;
    top = i;
  }
  return hint ? prevNonBlank(rows, top - 1) : last;
}
