/**
 * What sits in an agent's input area, read from the same screen the detectors read (captured with
 * `-e`: PaneScreen.raw). The detectors answer "idle, busy or a dialog?"; delivery
 * also needs "is the composer empty?" — before typing (never append to someone's draft) and
 * after Enter (the text left the composer = submitted; still there = press Enter again).
 * Pasted text may be shown collapsed (`[Pasted text #1 +12 lines]`), so callers only ask
 * empty-or-not, never compare the text.
 */

import { liveBottom } from './claudeTaskPanel';
import { isRule, splitScreen } from './screenRows';

export interface ComposerView {
  /** False when no known input area is visible (unknown layout, dialog, or provider without a reader). */
  found: boolean;
  /** The composer's text as drawn, prompt marker and borders removed (empty string when empty). */
  text: string;
  /** Row index where the composer starts; rows from here down are chrome, not agent output. */
  top: number;
}

const NOT_FOUND: ComposerView = { found: false, text: '', top: -1 };
// Rows below the input area: shortcut hints, mode line, status line.
const MAX_FOOTER_ROWS = 4;
const MAX_COMPOSER_ROWS = 40;


const join = (parts: string[]) => parts.join('\n').trim();

/** Codex and Claude 2.1 draw a dim example prompt in an empty composer: only escapes tell it from typed text. */
export function composerNeedsEscapes(provider: string | undefined): boolean {
  return provider === 'codex' || provider === 'claude';
}

export function readComposer(provider: string, screen: string): ComposerView {
  const { rows, last } = splitScreen(screen);
  if (last < 0) return NOT_FOUND;
  switch (provider) {
    case 'claude': {
      // 2.1.2xx may pin a task panel under the composer, far below it in a tall pane.
      const bottom = liveBottom(rows, last);
      return claude2(rows, bottom, screen.split('\n')) ?? claude1(rows, bottom) ?? NOT_FOUND;
    }
    case 'codex':
      return codex(rows, last, screen.split('\n')) ?? NOT_FOUND;
    case 'aider':
      return aider(rows, last) ?? NOT_FOUND;
    default:
      return NOT_FOUND;
  }
}

// Claude 2.1 shows an example prompt in an empty composer (`❯ Try "refactor invoice.ts"`), drawn
// dim, after a no-break space. Captured with escapes the dim run tells it apart from typed text;
// captured without, the example's shape does.
// eslint-disable-next-line no-control-regex
const CLAUDE_DIM = /^[❯>][\s\u00a0]*(?:\x1b\[7m.\x1b\[27m)?\x1b\[(?:\d+;)*2(?:;\d+)*m/;
const CLAUDE_EXAMPLE = /^Try "[^"\n]*"$/;

/** 2.x: a `❯` row (plus continuation rows) between two full-width `─` rules near the bottom. */
function claude2(rows: string[], last: number, raw: string[]): ComposerView | undefined {
  for (let b = last; b >= Math.max(0, last - MAX_FOOTER_ROWS); b--) {
    if (!isRule(rows[b])) continue;
    for (let t = b - 1; t >= Math.max(0, b - MAX_COMPOSER_ROWS); t--) {
      if (!isRule(rows[t])) continue;
      const first = rows[t + 1] ?? '';
      if (t + 1 >= b || !/^[❯>!](?: |$)/.test(first)) break;
      const lines = rows.slice(t + 1, b).map((r, i) => (i === 0 ? r.slice(2) : r.replace(/^ {2}/, '')));
      const text = join(lines);
      if (CLAUDE_DIM.test(raw[t + 1] ?? '') || CLAUDE_EXAMPLE.test(text)) return { found: true, text: '', top: t };
      return { found: true, text, top: t };
    }
  }
  return undefined;
}

/** 1.x: a box whose first inner row starts `│ >`. */
function claude1(rows: string[], last: number): ComposerView | undefined {
  for (let b = last; b >= Math.max(0, last - MAX_FOOTER_ROWS); b--) {
    if (!/^╰─+╯$/.test(rows[b] ?? '')) continue;
    for (let t = b - 1; t >= Math.max(0, b - MAX_COMPOSER_ROWS); t--) {
      if (!/^╭─+╮$/.test(rows[t] ?? '')) continue;
      if (!/^│ [>!](?: |$)/.test(rows[t + 1] ?? '')) return undefined;
      const lines = rows.slice(t + 1, b).map((r, i) => {
        const inner = r.replace(/^│ ?/, '').replace(/ *│$/, '');
        return i === 0 ? inner.slice(2) : inner.replace(/^ {2}/, '');
      });
      return { found: true, text: join(lines), top: t };
    }
  }
  return undefined;
}

// A dim (SGR 2) run right after the marker: Codex's placeholder in an empty composer.
// eslint-disable-next-line no-control-regex
const DIM_PLACEHOLDER = /^›\s*\x1b\[(?:\d+;)*2(?:;\d+)*m/;

/**
 * Codex: the lowest `›` row and its indented continuation, above the `context left` footer. An
 * empty composer shows a dim example prompt; captured with escapes (`-e`) it reads as empty.
 */
function codex(rows: string[], last: number, raw: string[]): ComposerView | undefined {
  let footer = last + 1;
  for (let i = last; i >= Math.max(0, last - MAX_FOOTER_ROWS); i--) {
    if (/context left|for shortcuts|to interrupt\)?$/.test(rows[i] ?? '') && !/^›/.test(rows[i] ?? '')) footer = i;
  }
  for (let t = footer - 1; t >= Math.max(0, footer - MAX_COMPOSER_ROWS); t--) {
    const row = rows[t] ?? '';
    if (/^›(?: |$)/.test(row)) {
      if (DIM_PLACEHOLDER.test(raw[t] ?? '')) return { found: true, text: '', top: t };
      const lines = rows.slice(t, footer).map((r, i) => (i === 0 ? r.slice(2) : r.replace(/^ {2}/, '')));
      return { found: true, text: join(lines), top: t };
    }
    // Anything but an indented continuation or a blank row above the footer means no composer here.
    if (row !== '' && !/^ {2}/.test(row)) return undefined;
  }
  return undefined;
}

/** Aider: the `>` input line after the last `─` rule (while it works there is no input line). */
function aider(rows: string[], last: number): ComposerView | undefined {
  for (let r = last; r >= Math.max(0, last - MAX_COMPOSER_ROWS); r--) {
    if (!isRule(rows[r])) continue;
    const first = rows[r + 1] ?? '';
    if (!/^>(?: |$)/.test(first)) return undefined;
    const lines = rows.slice(r + 1, last + 1).map((x, i) => (i === 0 ? x.slice(2) : x));
    return { found: true, text: join(lines), top: r };
  }
  return undefined;
}
