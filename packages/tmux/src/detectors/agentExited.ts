/**
 * The verdicts shared by every agent detector when its own layout is not live on the screen.
 *
 * Decision: a bare shell prompt on the bottom row of an agent's pane means the agent process has
 * exited and the pane fell back to its shell. That is reported as state 'unknown' with detail
 * 'agent-exited' rather than 'idle': the session cannot take a prompt (typing one would run it
 * in the shell), and the session scanner is the one to mark it gone or restart it. It is checked
 * first, because the agent's last frame (a composer, even a dialog) often stays on screen above
 * the prompt. No agent's own live screen ends in a row that reads as a shell prompt.
 */
import { isRule, prevNonBlank } from './screenRows';
import { isBareShellPrompt } from './shellPrompt';
import type { Classification, Provider, ScreenInput } from './types';

export function agentExited(provider: Provider, { rows, last }: ScreenInput): Classification | undefined {
  // A lone `❯` right under a rule is Claude's composer caught half-drawn, not zsh's prompt.
  if (last >= 0 && isBareShellPrompt(rows[last]) && !isRule(rows[prevNonBlank(rows, last - 1)])) {
    return { state: 'unknown', provider, detail: 'agent-exited' };
  }
  return undefined;
}

export function notThisAgent(provider: Provider, { last }: ScreenInput): Classification {
  return { state: 'unknown', provider, detail: last < 0 ? 'blank-screen' : 'unrecognized-layout' };
}
