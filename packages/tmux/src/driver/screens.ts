import crypto from 'node:crypto';
import { stripEscapes } from '../detectors/screenRows';
import { TmuxError } from './errors';
import { exactTarget } from './names';

/**
 * A pane's screen, read once for every reader: `raw` as drawn, with its colours and attributes
 * when read with escapes (`capture-pane -e`: the composer reader tells a dim placeholder from
 * typed text by them; without, `raw` is `text`), `text` the same rows without escapes (what
 * `capture-pane -p` gives; the detectors read either), and the width it was drawn at (tells a
 * wrapped row from two rows).
 */
export interface PaneScreen {
  text: string;
  raw: string;
  width: number | undefined;
}

export function paneScreen(raw: string, width: number | undefined): PaneScreen {
  return { text: stripEscapes(raw), raw, width };
}

export const SEP = '\u001f';

export function positiveInt(text: string): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Cuts a screen batch at its marker lines (`<marker> <index> <width>`, then that pane's rows). */
export function splitScreens(out: string, marker: string, count: number): (PaneScreen | undefined)[] {
  const screens: (PaneScreen | undefined)[] = new Array(count).fill(undefined);
  // Every row, each pane's last included, ends with a newline: drop only the very last one.
  const lines = (out.endsWith('\n') ? out.slice(0, -1) : out).split('\n');
  let current = -1;
  let rows: string[] = [];
  let width: number | undefined;
  const flush = () => {
    if (current < 0 || current >= count) return;
    // The same text a single capture gives: every row newline-terminated.
    screens[current] = paneScreen(rows.length ? `${rows.join('\n')}\n` : '', width);
  };
  for (const line of lines) {
    if (line.startsWith(`${marker} `)) {
      flush();
      const [, index, w] = line.split(' ');
      current = Number(index);
      width = positiveInt(w ?? '');
      rows = [];
    } else if (current >= 0) {
      rows.push(line);
    }
  }
  flush();
  return screens;
}


type Exec = (commands: string[][]) => Promise<string>;

const captureArgs = (t: string, escapes: boolean) => (escapes ? ['capture-pane', '-p', '-e', '-t', t] : ['capture-pane', '-p', '-t', t]);

/** One pane's screen and width: `display-message #{pane_width}` and `capture-pane`, in order. */
export async function readScreen(exec: Exec, target: string, escapes = false): Promise<PaneScreen> {
  const t = exactTarget(target);
  const out = await exec([['display-message', '-p', '-t', t, '#{pane_width}'], captureArgs(t, escapes)]);
  const nl = out.indexOf('\n');
  return paneScreen(out.slice(nl + 1), positiveInt(out.slice(0, nl)));
}

/** Several panes in one command list, each screen after a nonce marker line carrying its width. */
export async function readScreens(exec: Exec, targets: string[], escapes = false): Promise<PaneScreen[]> {
  const marker = `@@architect-screen-${crypto.randomBytes(6).toString('hex')}`;
  const commands = targets.flatMap((target, i) => {
    const t = exactTarget(target);
    return [
      ['display-message', '-p', '-t', t, `${marker} ${i} #{pane_width}`],
      captureArgs(t, escapes),
    ];
  });
  const screens = splitScreens(await exec(commands), marker, targets.length);
  if (screens.some((s) => s === undefined)) throw new TmuxError('tmux screen batch output is missing a pane', { args: commands.flat(), exitCode: 0, stderr: '' });
  return screens as PaneScreen[];
}

export const WINDOW_ACTIVITY_FORMAT = `#{session_name}${SEP}#{window_activity}`;

/** `list-panes -a` output in WINDOW_ACTIVITY_FORMAT → each session's latest window activity (s). */
export function parseWindowActivity(out: string): Map<string, number> {
  const activity = new Map<string, number>();
  for (const line of out.split('\n')) {
    const i = line.lastIndexOf(SEP);
    if (i <= 0) continue;
    const name = line.slice(0, i);
    activity.set(name, Math.max(activity.get(name) ?? 0, Number(line.slice(i + 1)) || 0));
  }
  return activity;
}
