/**
 * Claude Code (1.x boxed composer, 2.x ❯ composer between rules).
 *
 * Order matters: a composer at the bottom means no dialog is live (Claude hides the composer
 * while a dialog is open), so an answered dialog left in the scrollback is ignored; then a
 * dialog whose options end the screen; anything else is not Claude's screen.
 */
import { agentExited, notThisAgent } from './agentExited';
import { claudeIsBusy, findClaudeComposer } from './claudeComposer';
import { findClaudeDialog } from './claudeDialog';
import { liveBottom } from './claudeTaskPanel';
import type { Classification, ScreenInput } from './types';

export function detectClaude(screen: ScreenInput): Classification {
  const { rows } = screen;
  const exited = agentExited('claude', screen);
  if (exited) return exited;
  const last = liveBottom(rows, screen.last);
  const composer = findClaudeComposer(rows, last);
  if (composer) {
    const state = claudeIsBusy(rows, composer, last) ? 'busy' : 'idle';
    return { state, provider: 'claude', detail: composer.layout };
  }
  const dialog = findClaudeDialog(rows, last);
  if (dialog?.kind === 'permission') {
    return { state: 'permission', provider: 'claude', prompt: dialog.prompt, detail: dialog.layout };
  }
  if (dialog?.kind === 'other-dialog') {
    // A menu the user opened is theirs to answer; an unknown dialog is never guessed at.
    return { state: 'unknown', provider: 'claude', detail: `${dialog.layout}:${dialog.picker ? 'picker' : 'unrecognized-dialog'}` };
  }
  return notThisAgent('claude', screen);
}
