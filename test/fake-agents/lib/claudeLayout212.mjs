// Claude Code 2.1.2xx: the 2.x screens as they look today (SPEC §3 "How real screens look").
// - the spinner row carries no "esc to interrupt" (`✳ Catapulting… (5s · ↓ 1.2k tokens)`); the
//   hint moved to the footer (`⏸ manual mode on · esc to interrupt · ← for agents`);
// - `❯` is followed by a no-break space; an empty composer shows a dim example prompt;
// - a task panel (`ctrl+t to hide tasks`) can be pinned to the bottom of the pane, under the
//   composer or a dialog, with blank rows filling the pane between them.
import { claudeTrustDialog } from './claudeDialogs.mjs';
import { claudeDialogRows, claudeMessages, claudePaste } from './claudeMessages.mjs';
import { wrapBlock } from './wrapText.mjs';

const NBSP = '\u00a0';
const EXAMPLE = 'Try "write a test for the parser"';

export function claudeLayout212({ version, model, pasteCollapse, frames, shortNo, cols, taskPanel }) {
  return {
    ...claudeMessages(cols),
    ...claudePaste(pasteCollapse),
    name: 'claude-2.1.2xx',
    shortNo,
    dialogOptions: { layout: 2 },
    worked: (ms) => [`✻ Cooked for ${Math.max(1, Math.round(ms / 1000))}s`, ''],
    trustDialog: (cwd) => claudeTrustDialog(cwd, { modern: true }),
    header: ({ cwd }) => [
      ` ▐▛███▜▌   Claude Code v${version}`,
      `▝▜█████▛▘  ${model} · Claude Max`,
      `  ▘▘ ▝▝    ${cwd}`,
      '',
    ],
    live(view) {
      const rule = '─'.repeat(view.cols);
      const lines = [];
      if (view.mode === 'dialog') {
        lines.push(rule, ...claudeDialogRows(view.dialog, view.cols, 'ruled'), '', ` ${view.dialog.content.hint}`);
      } else {
        if (view.mode === 'busy') {
          const glyph = frames[view.frame % frames.length];
          lines.push(`${glyph} ${view.verb ?? 'Catapulting'}… (${view.elapsedS}s · ↓ 1.2k tokens)`);
        }
        for (const q of view.queued) lines.push(`  ⎿  Queued: ${q.split('\n')[0]}`);
        if (view.mode === 'busy' || view.queued.length) lines.push('');
        lines.push(rule, ...composer(view.composer, view.cols), rule);
        lines.push(view.notice ?? (view.mode === 'busy' ? '  ⏸ manual mode on · esc to interrupt · ← for agents' : '  ⏸ manual mode on · ← for agents'));
      }
      if (!taskPanel) return lines;
      const panel = ['  ◼ Work on the request', '  ◻ Report back', '  ctrl+t to hide tasks'];
      // Pinned to the bottom: blank rows fill the pane between the live rows and the panel.
      const fill = Math.max(1, (view.rows ?? 24) - 1 - lines.length - panel.length);
      return [...lines, ...Array(fill).fill(''), ...panel];
    },
  };
}

function composer(text, width) {
  const empty = text.length === 1 && text[0] === '';
  if (empty) return [`❯${NBSP}\x1b[2m${EXAMPLE}\x1b[22m`];
  return wrapBlock(text.join('\n'), { first: `❯${NBSP}`, rest: '  ', cols: width });
}

