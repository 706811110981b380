// Draws like Ink (what Claude Code and Codex's TUI effectively do in the normal screen):
// finished output is printed once and scrolls into tmux history, and only the live
// region at the bottom (spinner, composer, dialog) is erased and redrawn in place.
import { wrapLine } from './textWidth.mjs';

const HIDE_CURSOR = '\x1b[?25l';

export class Screen {
  /** @param {NodeJS.WriteStream} out */
  constructor(out) {
    this.out = out;
    this.cols = out.columns || 80;
    this.rows = out.rows || 24;
    /** every static row printed so far (already wrapped), for redraws after a resize */
    this.history = [];
    /** rows the live region occupies right now */
    this.liveHeight = 0;
    /** @type {string[]} */
    this.live = [];
    this.frozen = false;
  }

  /** Wraps logical lines (which may contain '\n') to the terminal width. */
  wrap(lines) {
    const rows = [];
    for (const line of lines) {
      for (const part of String(line).split('\n')) rows.push(...wrapLine(part, this.cols));
    }
    return rows;
  }

  /** Prints finished output above the live region, then redraws the live region. */
  print(lines) {
    const rows = this.wrap(lines);
    this.history.push(...rows);
    if (this.history.length > 2000) this.history.splice(0, this.history.length - 2000);
    this.paint(rows);
  }

  /** Replaces the live region. */
  setLive(lines) {
    this.live = lines;
    this.paint([]);
  }

  paint(newStatic) {
    if (this.frozen) return;
    let liveRows = this.wrap(this.live);
    // A live region taller than the screen would break cursor-up accounting; keep its bottom.
    const max = Math.max(1, this.rows - 1);
    if (liveRows.length > max) liveRows = liveRows.slice(liveRows.length - max);
    let buf = HIDE_CURSOR;
    if (this.liveHeight > 1) buf += `\x1b[${this.liveHeight - 1}A`;
    if (this.liveHeight > 0) buf += '\r\x1b[J';
    for (const row of newStatic) buf += row + '\x1b[K\r\n';
    buf += liveRows.join('\x1b[K\r\n');
    buf += '\x1b[K';
    this.liveHeight = liveRows.length;
    this.out.write(buf);
  }

  /** After a resize the old rows are garbage: clear everything and print it all again. */
  resize(cols, rows) {
    this.cols = cols || this.cols;
    this.rows = rows || this.rows;
    const keep = this.history.slice(-this.rows * 3);
    this.out.write('\x1b[2J\x1b[3J\x1b[H');
    this.liveHeight = 0;
    this.paint(keep.flatMap((row) => wrapLine(row, this.cols)));
  }

  /** Leaves the cursor below the live region (used before exiting). */
  finish() {
    if (this.liveHeight > 0) this.out.write('\r\n');
    this.liveHeight = 0;
  }
}
