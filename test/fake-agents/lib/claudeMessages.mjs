// Conversation lines Claude Code prints above the composer (same in 1.x and 2.x):
// `> prompt`, `⏺ reply`, `⏺ Bash(cmd)` with `⎿ result` under it.
import { claudeDialog, claudeToolCall } from './claudeDialogs.mjs';

const splitLines = (text) => String(text).split(/\r\n|\r|\n/);

function block(first, rest, text) {
  const [head, ...tail] = splitLines(text);
  return [`${first}${head}`, ...tail.map((l) => `${rest}${l}`)];
}

export const claudeMessages = {
  promptEcho: (text) => [...block('> ', '  ', text), ''],
  reply: (text) => [...block('⏺ ', '  ', text), ''],
  toolCall: (name, input, cwd) => [`⏺ ${claudeToolCall(name, input, cwd)}`],
  toolResult: (text) => [...block('  ⎿  ', '     ', text), ''],
  interrupted: () => ['  ⎿  Interrupted by user', ''],
  rejected: () => ['  ⎿  Interrupted · What should Claude do instead?', ''],
  denied: (message) => [...block('  ⎿  Error: ', '     ', message || 'Permission to use this tool was denied'), ''],
  apiError: (message) => [...block('  ⎿  ', '     ', message), ''],
  blocked: (reason) => ['  ⎿  UserPromptSubmit operation blocked by hook:', ...block('     ', '     ', reason), ''],
  stopped: (reason) => [...block('  ⎿  ', '     ', reason || 'Execution stopped by hook'), ''],
  output: (lines) => [...lines.map((l, i) => (i === 0 ? `⏺ ${l}` : `  ${l}`)), ''],
  dialogContent: claudeDialog,
  dialogLetters: {},
  interruptKeys: ['Escape', 'C-c'],
};

/** Claude Code collapses big pastes into a placeholder; the text itself is still submitted. */
export function claudePaste(enabled) {
  return {
    collapsePaste: (text) => enabled && (text.length > 800 || splitLines(text).length > 2),
    pasteLabel: (n, text) => {
      const extra = splitLines(text).length - 1;
      return extra > 0 ? `[Pasted text #${n} +${extra} lines]` : `[Pasted text #${n}]`;
    },
  };
}

export function spinnerLine(view, frames) {
  const glyph = frames[view.frame % frames.length];
  return `${glyph} ${view.verb ?? 'Thinking'}… (${view.elapsedS}s · esc to interrupt)`;
}
