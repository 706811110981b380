// Claude Code 2.x: the composer is `❯` between two `─` rules with "? for shortcuts"
// under it; it stays on screen (empty) while a turn runs, with the spinner above it.
// A permission dialog replaces the composer region.
import { claudeTrustDialog } from './claudeDialogs.mjs';
import { claudeDialogRows, claudeMessages, claudePaste, composerRows, spinnerLine } from './claudeMessages.mjs';

export function claudeLayout2({ version, model, pasteCollapse, frames, shortNo, cols }) {
  return {
    ...claudeMessages(cols),
    ...claudePaste(pasteCollapse),
    name: 'claude-2',
    shortNo,
    dialogOptions: { layout: 2 },
    // The past-tense summary 2.x leaves under a finished turn (same glyph as the spinner, no …).
    worked: (ms) => {
      const total = Math.max(1, Math.round(ms / 1000));
      const m = Math.floor(total / 60);
      return [`✻ Worked for ${m > 0 ? `${m}m ${total % 60}s` : `${total}s`}`, ''];
    },
    trustDialog: claudeTrustDialog,
    header: ({ cwd }) => [
      ` ▐▛███▜▌   Claude Code v${version}`,
      `▝▜█████▛▘  ${model} · API Usage Billing`,
      `  ▘▘ ▝▝    ${cwd}`,
      '',
    ],
    live(view) {
      const rule = '─'.repeat(view.cols);
      if (view.mode === 'dialog') {
        return [rule, ...claudeDialogRows(view.dialog, view.cols, 'ruled'), '', ` ${view.dialog.content.hint}`];
      }
      const lines = [];
      // Queued messages sit right under the spinner, in the same block, so the spinner stays
      // in the status rows just above the composer.
      if (view.mode === 'busy') lines.push(spinnerLine(view, frames));
      for (const q of view.queued) lines.push(`  ⎿  Queued: ${q.split('\n')[0]}`);
      if (view.mode === 'busy' || view.queued.length) lines.push('');
      lines.push(rule, ...composerRows(view.composer, '❯', view.cols), rule);
      lines.push(view.notice ?? '  ? for shortcuts');
      return lines;
    },
  };
}
