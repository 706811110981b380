/**
 * A plain shell session (provider 'shell', used for background work): a bare prompt on the
 * bottom row is idle; anything else on the bottom row means a foreground program is running.
 */
import { isBareShellPrompt } from './shellPrompt';
import type { Classification, ScreenInput } from './types';

export function detectShell({ rows, last }: ScreenInput): Classification {
  if (last < 0) return { state: 'unknown', provider: 'shell', detail: 'blank-screen' };
  if (isBareShellPrompt(rows[last])) return { state: 'idle', provider: 'shell', detail: 'shell' };
  return { state: 'busy', provider: 'shell', detail: 'shell:foreground-program' };
}
