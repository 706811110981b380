// Claude Code 1.x: the composer is a rounded box `│ > text │`; the permission dialog is
// a box of its own in the same place.
import { claudeMessages, claudePaste, spinnerLine } from './claudeMessages.mjs';
import { padTo, wrapLine } from './textWidth.mjs';

function box(lines, cols) {
  const inner = Math.max(1, cols - 4);
  return [
    `╭${'─'.repeat(cols - 2)}╮`,
    ...lines.flatMap((line) => wrapLine(line, inner).map((part) => `│ ${padTo(part, inner)} │`)),
    `╰${'─'.repeat(cols - 2)}╯`,
  ];
}

export function claudeLayout1({ pasteCollapse, frames, shortNo }) {
  return {
    ...claudeMessages,
    ...claudePaste(pasteCollapse),
    name: 'claude-1',
    shortNo,
    header: ({ cwd, cols }) => [
      ...box(
        ['✻ Welcome to Claude Code!', '', '  /help for help, /status for your current setup', '', `  cwd: ${cwd}`],
        Math.min(cols, Math.max(cwd.length + 12, 58)),
      ),
      '',
    ],
    live(view) {
      if (view.mode === 'dialog') {
        const { content, selected } = view.dialog;
        return box(
          [
            content.title,
            '',
            ...content.body.map((l) => `  ${l}`),
            '',
            content.question,
            ...content.options.map((o, i) => `${i === selected ? '❯ ' : '  '}${i + 1}. ${o.label}`),
          ],
          view.cols,
        );
      }
      const lines = [];
      if (view.mode === 'busy') lines.push(spinnerLine(view, frames));
      for (const q of view.queued) lines.push(`  ⎿  Queued: ${q.split('\n')[0]}`);
      if (view.mode === 'busy' || view.queued.length) lines.push('');
      const [first, ...rest] = view.composer;
      lines.push(...box([`> ${first}`, ...rest.map((l) => `  ${l}`)], view.cols));
      lines.push(view.notice ?? '  ? for shortcuts');
      return lines;
    },
  };
}
