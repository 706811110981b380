// Claude Code 1.x: the composer is a rounded box `│ > text │`; the permission dialog is
// a box of its own in the same place.
import { claudeTrustDialog } from './claudeDialogs.mjs';
import { claudeDialogRows, claudeMessages, claudePaste, composerRows, spinnerLine } from './claudeMessages.mjs';
import { padTo, wrapLine } from './textWidth.mjs';

/** Rows (already wrapped to `cols - 4`) inside `╭─╮ │ … │ ╰─╯`. */
function box(rows, cols) {
  const inner = Math.max(1, cols - 4);
  return [
    `╭${'─'.repeat(cols - 2)}╮`,
    ...rows.flatMap((row) => wrapLine(row, inner).map((part) => `│ ${padTo(part, inner)} │`)),
    `╰${'─'.repeat(cols - 2)}╯`,
  ];
}

export function claudeLayout1({ pasteCollapse, frames, shortNo, cols }) {
  return {
    ...claudeMessages(cols),
    ...claudePaste(pasteCollapse),
    name: 'claude-1',
    shortNo,
    dialogOptions: { layout: 1 },
    trustDialog: claudeTrustDialog,
    header: ({ cwd, cols: width }) => [
      ...box(
        ['✻ Welcome to Claude Code!', '', '  /help for help, /status for your current setup', '', `  cwd: ${cwd}`],
        Math.min(width, Math.max(cwd.length + 12, 58)),
      ),
      '',
    ],
    live(view) {
      const inner = view.cols - 4;
      if (view.mode === 'dialog') {
        return box(claudeDialogRows(view.dialog, inner, 'boxed'), view.cols);
      }
      const lines = [];
      if (view.mode === 'busy') lines.push(spinnerLine(view, frames));
      for (const q of view.queued) lines.push(`  ⎿  Queued: ${q.split('\n')[0]}`);
      if (view.mode === 'busy' || view.queued.length) lines.push('');
      lines.push(...box(composerRows(view.composer, '>', inner), view.cols));
      lines.push(view.notice ?? '  ? for shortcuts');
      return lines;
    },
  };
}
