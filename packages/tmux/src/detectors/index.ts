/**
 * Screen detectors: classify a `tmux capture-pane -p` of an agent's visible screen as idle, busy,
 * waiting on a permission prompt, or unknown. Pure functions, no I/O.
 */
import { detectAider } from './aiderDetector';
import { detectClaude } from './claudeDetector';
import { detectCodex } from './codexDetector';
import { detectGemini } from './geminiDetector';
import { splitScreen } from './screenRows';
import { detectShell } from './shellDetector';
import type { Classification, ClassifyOptions, Provider, ScreenInput } from './types';

export type {
  Classification,
  ClassifyOptions,
  HumanDialog,
  PermissionPrompt,
  Provider,
  ScreenState,
  ToolKind,
} from './types';
export { PROVIDERS } from './types';
export { splitScreen, isRule, stripEscapes } from './screenRows';
export { composerNeedsEscapes, readComposer, type ComposerView } from './composerReader';
export { toJsonShape, type ClassificationJson } from './jsonShape';

const DETECTORS: Record<Provider, (screen: ScreenInput) => Classification> = {
  claude: detectClaude,
  codex: detectCodex,
  aider: detectAider,
  gemini: detectGemini,
  shell: detectShell,
};

export function classifyScreen(provider: Provider, screen: string, options: ClassifyOptions = {}): Classification {
  const detect = DETECTORS[provider];
  if (!detect) return { state: 'unknown', provider, detail: 'unknown-provider' };
  try {
    const { rows, last } = splitScreen(screen);
    return detect({ rows, last, ...(options.paneWidth !== undefined ? { paneWidth: options.paneWidth } : {}) });
  } catch {
    // A detector bug must never turn into a guess: fail closed.
    return { state: 'unknown', provider, detail: 'detector-error' };
  }
}
