/**
 * What the terminal UI shows, computed from plain rows: no I/O, no React, so the ordering and
 * layout rules are unit-tested on their own (viewModel.test.ts).
 */
import type { PromptRow } from '@architect/db';

export type NeedKind = 'waiting' | 'exited' | 'unknown' | 'stuck';

export interface NeedsYouItem {
  session: string;
  kind: NeedKind;
  /** Since when the session has needed a human (ms); null when nobody recorded it. */
  since: number | null;
  /** One line saying what it wants: the dialog's command, or why it is listed. */
  detail: string;
}

export interface WaitingRow {
  name: string;
  state: string;
  stateAt: number | null;
  screenState: string | null;
  permission: Record<string, unknown> | null;
}

export interface StuckRow {
  name: string;
  lastActivity: number | null;
  currentPromptId: number | null;
}

/**
 * One list, oldest first: the human who has been waiting longest is the one to answer first. A
 * session with no timestamp has waited since before anything was recorded, so it sorts first.
 */
export function needsYouItems(waiting: WaitingRow[], stuck: StuckRow[], now: number): NeedsYouItem[] {
  const items: NeedsYouItem[] = waiting.map((w) => {
    const kind: NeedKind = w.state === 'waiting_input' ? 'waiting' : w.screenState === 'exited' ? 'exited' : 'unknown';
    return { session: w.name, kind, since: w.stateAt, detail: needDetail(kind, w.permission) };
  });
  for (const s of stuck) {
    if (items.some((i) => i.session === s.name)) continue;
    const idle = s.lastActivity === null ? 'no activity recorded' : `no screen change for ${ageText(now - s.lastActivity)}`;
    items.push({ session: s.name, kind: 'stuck', since: s.lastActivity, detail: `busy${s.currentPromptId ? ` with #${s.currentPromptId}` : ''}, ${idle}` });
  }
  return items.sort((a, b) => (a.since ?? -Infinity) - (b.since ?? -Infinity) || a.session.localeCompare(b.session));
}

function needDetail(kind: NeedKind, permission: Record<string, unknown> | null): string {
  if (kind === 'exited') return 'the agent exited: a shell is in its pane';
  if (kind === 'unknown') return 'screen not recognised';
  const tool = typeof permission?.tool === 'string' ? permission.tool : 'dialog';
  const command = typeof permission?.command === 'string' ? permission.command : '';
  return command ? `${tool}: ${firstLine(command)}` : `${tool} (a question for a human)`;
}

export type QueueLabel = 'next' | 'run' | 'done' | 'failed' | 'cancelled';

export interface QueueItem {
  id: number;
  /** "#3" for the third in line, "run" for in flight, "done"/"fail"/"cxl" for recent ends. */
  place: string;
  label: QueueLabel;
  status: string;
  priority: number;
  session: string | null;
  text: string;
}

/**
 * The queue panel: pending prompts in delivery order with their place in line (position 1 goes
 * next), then the ones in flight, then the latest that ended, newest first (a failed or cancelled
 * one can be retried from there; a completed one shows its turn is over).
 */
export function queueItems(pending: (PromptRow & { position: number })[], active: PromptRow[], ended: PromptRow[]): QueueItem[] {
  const item = (p: PromptRow, place: string, label: QueueLabel): QueueItem => ({
    id: p.id,
    place,
    label,
    status: p.status,
    priority: p.priority,
    session: p.assignedSession ?? p.targetSession,
    text: firstLine(p.content),
  });
  return [
    ...[...pending].sort((a, b) => a.position - b.position).map((p) => item(p, `#${p.position}`, 'next')),
    ...[...active].sort((a, b) => a.id - b.id).map((p) => item(p, 'run', 'run')),
    ...ended
      .filter((p) => END_PLACE[p.status] !== undefined)
      .sort((a, b) => (b.completedAt ?? 0) - (a.completedAt ?? 0) || b.id - a.id)
      .map((p) => item(p, END_PLACE[p.status]!, p.status === 'completed' ? 'done' : (p.status as QueueLabel))),
  ];
}

const END_PLACE: Record<string, string | undefined> = { completed: 'done', failed: 'fail', cancelled: 'cxl' };

export function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return text.includes('\n') ? `${line} …` : line;
}

/** "4s", "12m", "3h", "2d": an age that fits a narrow column. */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** Keep a selection inside a list that may have shrunk since the last change. */
export function clampIndex(index: number, length: number): number {
  return length === 0 ? 0 : Math.min(Math.max(index, 0), length - 1);
}

/** The first visible row of a list window that keeps `selected` in view. */
export function scrollTop(selected: number, length: number, rows: number): number {
  if (rows <= 0 || length <= rows) return 0;
  return Math.min(Math.max(0, selected - rows + 1), length - rows);
}

export interface PanelHeights {
  sessions: number;
  needs: number;
  queue: number;
  screen: number;
}

/**
 * Rows for each panel's list (titles excluded) in a terminal of `rows` lines. The header, the
 * four titles and the footer take 6; Ink repaints from scratch once its output reaches the
 * terminal's height, so the whole frame stays one row short of it. The screen panel gets what is
 * left, at least 2 rows, so the key rows stay visible at 80x24.
 */
export function panelHeights(rows: number, counts: { sessions: number; needs: number; queue: number }): PanelHeights {
  const budget = Math.max(4, rows - 1 - 6);
  const want = (n: number, max: number) => Math.max(1, Math.min(n, max));
  const share = Math.max(1, Math.floor((budget - 2) / 4));
  const sessions = want(counts.sessions, Math.max(share, Math.floor(budget * 0.4)));
  const needs = want(counts.needs, share);
  const queue = want(counts.queue, share);
  return { sessions, needs, queue, screen: Math.max(2, budget - sessions - needs - queue) };
}

/** Pad or cut to exactly `width` columns (names and labels are ASCII; free text is cut by Ink). */
export function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}

/** The last `rows` lines of a captured screen, trailing blank rows dropped (an idle pane is mostly blank). */
export function screenTail(screen: string, rows: number): string[] {
  const lines = screen.replace(/\s+$/, '').split('\n');
  return lines.slice(Math.max(0, lines.length - rows));
}
