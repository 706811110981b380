/**
 * Claude Code's input area at the bottom of the screen, and whether the agent is working above it.
 *
 * 1.x draws the composer as a box (`╭──╮` / `│ > │` / `╰──╯`); 2.x as a `❯` row between two
 * full-width `─` rules. In both, the composer stays visible while the agent works, so a visible
 * composer says "no dialog is open", never "idle" by itself: busy is read from the spinner row
 * (`✻ Thinking… (12s · ↑ 1.2k tokens · esc to interrupt)`) in the block right above it.
 */
import { isBlank, isBoxBottom, isBoxTop, isRule } from './screenRows';

export interface ClaudeComposer {
  layout: 'claude1' | 'claude2';
  /** Row index of the composer's top edge (box top or upper rule). */
  top: number;
  /** Row index of its bottom edge. */
  bottom: number;
}

// Rows allowed below the composer: shortcut hints, mode line, a custom status line, or the
// slash-command / @-file menu a human is typing into.
const MAX_FOOTER_ROWS = 8;
// Multi-line drafts make the composer tall; beyond this it is not a composer.
const MAX_COMPOSER_ROWS = 16;
const PROMPT_2X = /^[❯>!](?: |$)/;
const PROMPT_1X = /^│ [>!](?: |$)/;

// The mode line under a composer in bypass / auto-accept mode; 2.1.2xx may then draw no rules.
const MODE_LINE = /^\s*(?:▶▶|⏵⏵|⏸)\s/;

export function findClaudeComposer(rows: string[], last: number): ClaudeComposer | undefined {
  return ruledComposer(rows, last) ?? bareComposer(rows, last);
}

/** A `❯` row with only footer rows under it, one of them the mode line (no rules around it). */
function bareComposer(rows: string[], last: number): ClaudeComposer | undefined {
  let modeLine = false;
  for (let p = last; p >= Math.max(0, last - 3); p--) {
    const row = rows[p] ?? '';
    if (MODE_LINE.test(row)) modeLine = true;
    if (PROMPT_2X.test(row)) return modeLine && p < last ? { layout: 'claude2', top: p, bottom: p } : undefined;
    if (!isBlank(row) && !/^ {2}/.test(row)) return undefined;
  }
  return undefined;
}

function ruledComposer(rows: string[], last: number): ClaudeComposer | undefined {
  const lowest = Math.max(0, last - MAX_FOOTER_ROWS);
  for (let b = last; b >= lowest; b--) {
    const row = rows[b];
    if (isRule(row)) {
      for (let t = b - 1; t >= Math.max(0, b - MAX_COMPOSER_ROWS); t--) {
        if (!isRule(rows[t])) continue;
        if (t + 1 < b && PROMPT_2X.test(rows[t + 1] ?? '')) return { layout: 'claude2', top: t, bottom: b };
        break;
      }
    }
    if (isBoxBottom(row)) {
      for (let t = b - 1; t >= Math.max(0, b - MAX_COMPOSER_ROWS); t--) {
        if (!isBoxTop(rows[t])) continue;
        if (PROMPT_1X.test(rows[t + 1] ?? '')) return { layout: 'claude1', top: t, bottom: b };
        break;
      }
    }
  }
  return undefined;
}

// Spinner glyphs Claude cycles through; the working line always ends its verb with an ellipsis
// ("Thinking…", "Running tests…"), unlike the past-tense summary left behind ("✻ Worked for 12s").
const SPINNER = /^[·✢✳✶✻✽✺✹✸✷✵✴✲✱*∗]\s+\S.*?(?:…|\.\.\.)(?:\s*\(.*\))?$/;
const INTERRUPT = /\((?:[^)]*\s)?(?:esc|ctrl\+c) to interrupt\b[^)]*\)?/i;
const MAX_STATUS_ROWS = 12;

/** True when the rows just above the composer (or the hint rows below it) show work in progress. */
export function claudeIsBusy(rows: string[], composer: ClaudeComposer, last: number): boolean {
  // 2.1.2xx may put a row or two (`● high · /effort`, `※ recap: …`) between the spinner and the
  // composer, each after a blank row: look through two blocks.
  let i = composer.top - 1;
  for (let block = 0, n = 0; block < 2 && i >= 0 && n < MAX_STATUS_ROWS; block++) {
    while (i >= 0 && isBlank(rows[i])) i--;
    for (; i >= 0 && n < MAX_STATUS_ROWS && !isBlank(rows[i]); i--, n++) {
      const row = (rows[i] ?? '').trimEnd();
      // The spinner starts at column 0; an indented `· item…` is a list in the agent's reply.
      if (SPINNER.test(row) || INTERRUPT.test(row)) return true;
    }
  }
  for (let f = composer.bottom + 1; f <= last; f++) {
    if (/\b(?:esc|ctrl\+c) to interrupt\b/i.test(rows[f] ?? '')) return true;
  }
  return false;
}
