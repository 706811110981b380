/**
 * The panels as Ink elements. Every row is one `Text` cut at the terminal's width (never
 * wrapped), and every panel renders exactly its allotted rows, so the frame has a fixed height
 * one row short of the terminal: nothing scrolls, nothing is left over from the previous frame.
 * Rows are passed to their Box as separate arguments (not an array), so they need no keys.
 */
import { createElement as h, type ReactElement } from 'react';
import { Text } from 'ink';
import type { SessionView } from '@architect/db';
import type { FleetSnapshot } from './fleetFeed';
import { FORM_FIELDS, type PromptForm } from './promptForm';
import { ageText, fit, scrollTop, type NeedsYouItem, type QueueItem } from './viewModel';

export type PanelName = 'sessions' | 'needs' | 'queue';

const STATE_COLOR: Record<string, string> = { idle: 'green', busy: 'yellow', waiting_input: 'magenta', starting: 'cyan', gone: 'gray', unknown: 'red' };

const row = (text: string, opts: { inverse?: boolean; color?: string; dim?: boolean; bold?: boolean } = {}): ReactElement =>
  h(Text, { wrap: 'truncate-end', inverse: opts.inverse, color: opts.color, dimColor: opts.dim, bold: opts.bold }, text || ' ');

/** Exactly `height` rows: the window of `items` that keeps `selected` in view, blank rows below. */
function listRows<T>(items: T[], selected: number, height: number, focused: boolean, render: (t: T) => string, empty: string, color?: (t: T) => string | undefined): ReactElement[] {
  const top = scrollTop(selected, items.length, height);
  const out: ReactElement[] = [];
  if (items.length === 0) out.push(row(`  ${empty}`, { dim: true }));
  for (let i = top; i < Math.min(items.length, top + height); i++) {
    const mine = i === selected;
    out.push(row(`${mine ? '›' : ' '} ${render(items[i]!)}`, { inverse: mine && focused, color: mine && focused ? undefined : color?.(items[i]!) }));
  }
  while (out.length < height) out.push(row(''));
  return out.slice(0, height);
}

export function title(n: string, label: string, focused: boolean, extra = ''): ReactElement {
  return row(`${n} ${label}${extra}`, { bold: true, inverse: focused, color: focused ? undefined : 'cyan' });
}

export function headerRow(s: FleetSnapshot): ReactElement {
  const st = s.status;
  const busy = s.sessions.filter((x) => x.state === 'busy').length;
  const idle = s.sessions.filter((x) => x.state === 'idle').length;
  const health = s.health.failing.length || s.health.openOutages ? `health: ${s.health.failing.length} failing, ${s.health.openOutages} outage(s)` : s.health.checks ? 'health ok' : 'health: no checks yet';
  const workers = `workers ${st.workers.running}${st.workers.stale ? ` (+${st.workers.stale} stale)` : ''}`;
  const text = `Architect │ ${idle} idle ${busy} busy │ queue ${st.pending} run ${st.assigned + st.in_progress} │ today ✓${st.completed_today} ✗${st.failed_today} │ ${workers} │ ${health}`;
  return row(text, { bold: true, color: s.health.failing.length || s.health.openOutages ? 'red' : undefined });
}

export function sessionRows(sessions: SessionView[], selected: number, height: number, focused: boolean, now: number): ReactElement[] {
  return listRows(
    sessions,
    selected,
    height,
    focused,
    (s) => `${fit(s.name, 16)} ${fit(s.state, 13)} ${fit(s.stateAt ? ageText(now - s.stateAt) : '', 4)} ${s.currentPromptId ? `#${s.currentPromptId} ${s.currentPromptExcerpt ?? ''}` : `✓${s.completedCount} ✗${s.failedCount}`}`,
    'no managed sessions (architect sessions up)',
    (s) => STATE_COLOR[s.state],
  );
}

export function needsRows(items: NeedsYouItem[], selected: number, height: number, focused: boolean, now: number): ReactElement[] {
  return listRows(
    items,
    selected,
    height,
    focused,
    (n) => `${fit(n.session, 16)} ${fit(n.kind, 8)} ${fit(n.since ? ageText(now - n.since) : '?', 4)} ${n.detail}`,
    'nobody is waiting for you',
    (n) => (n.kind === 'waiting' ? 'magenta' : 'red'),
  );
}

export function queueRows(items: QueueItem[], selected: number, height: number, focused: boolean): ReactElement[] {
  return listRows(
    items,
    selected,
    height,
    focused,
    (q) => `${fit(q.place, 5)} ${fit(`#${q.id}`, 6)} ${fit(`p${q.priority}`, 4)} ${fit(q.session ?? 'any', 16)} ${q.text}`,
    'the queue is empty',
    (q) => (q.label === 'failed' ? 'red' : q.label === 'done' ? 'green' : q.label === 'cancelled' ? 'gray' : undefined),
  );
}

export function screenRows(lines: string[], height: number): ReactElement[] {
  const out = lines.slice(-height).map((l) => row(l));
  while (out.length < height) out.unshift(row(''));
  return out;
}

export function formRows(form: PromptForm, height: number): ReactElement[] {
  const out = FORM_FIELDS.map((f, i) => {
    const active = i === form.field;
    return row(`${active ? '›' : ' '} ${fit(f, 10)} ${form.values[f]}${active ? '▏' : ''}`, { inverse: active });
  });
  while (out.length < height) out.push(row(''));
  return out.slice(0, height);
}

export const HELP: [string, string][] = [
  ['Tab / Shift-Tab, 1 2 3', 'move between Sessions, Needs you, Queue'],
  ['↑ ↓  or  k j', 'select a row (the screen panel follows the session)'],
  ['s', 'send a prompt (Tab: next field, Enter: queue it, Esc: cancel)'],
  ['a / d', 'approve once / deny the selected dialog (asks y/n)'],
  ['c', 'cancel the selected prompt (or the session\'s prompt)'],
  ['r', 'retry the selected failed or cancelled prompt'],
  ['Enter  or  g', 'jump to the session\'s tmux pane'],
  ['Ctrl-L', 'redraw the screen'],
  ['?', 'show / hide this help'],
  ['q  or  Ctrl-C', 'quit'],
];

export function helpRows(height: number): ReactElement[] {
  const out = [row('Keys', { bold: true }), ...HELP.map(([k, what]) => row(`  ${fit(k, 24)} ${what}`))];
  while (out.length < height) out.push(row(''));
  return out.slice(0, height);
}

export function footerRow(text: string, error: boolean): ReactElement {
  return row(text, { color: error ? 'red' : undefined });
}
