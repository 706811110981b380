// Claude Code 2.x: the composer is `❯` between two `─` rules with "? for shortcuts"
// under it; it stays on screen (empty) while a turn runs, with the spinner above it.
// A permission dialog replaces the composer region.
import { claudeMessages, claudePaste, spinnerLine } from './claudeMessages.mjs';

export function claudeLayout2({ version, model, pasteCollapse, frames, shortNo }) {
  return {
    ...claudeMessages,
    ...claudePaste(pasteCollapse),
    name: 'claude-2',
    shortNo,
    header: ({ cwd }) => [
      ` ▐▛███▜▌   Claude Code v${version}`,
      `▝▜█████▛▘  ${model} · API Usage Billing`,
      `  ▘▘ ▝▝    ${cwd}`,
      '',
    ],
    live(view) {
      const rule = '─'.repeat(view.cols);
      if (view.mode === 'dialog') {
        const { content, selected } = view.dialog;
        return [
          rule,
          ` ${content.title}`,
          ...content.body.map((l) => `   ${l}`),
          '',
          ` ${content.question}`,
          ...content.options.map((o, i) => `${i === selected ? ' ❯ ' : '   '}${i + 1}. ${o.label}`),
          '',
          ` ${content.hint}`,
        ];
      }
      const lines = [];
      // Queued messages sit right under the spinner, in the same block, so the spinner stays
      // in the status rows just above the composer.
      if (view.mode === 'busy') lines.push(spinnerLine(view, frames));
      for (const q of view.queued) lines.push(`  ⎿  Queued: ${q.split('\n')[0]}`);
      if (view.mode === 'busy' || view.queued.length) lines.push('');
      const [first, ...rest] = view.composer;
      lines.push(rule, `❯ ${first}`, ...rest.map((l) => `  ${l}`), rule);
      lines.push(view.notice ?? '  ? for shortcuts');
      return lines;
    },
  };
}
