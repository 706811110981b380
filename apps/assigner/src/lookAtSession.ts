import crypto from 'node:crypto';
import { classifyScreen, type Provider, type ScreenState } from '@architect/tmux';
import { readComposer, type ComposerView } from './composerReader';

/** The tmux calls delivery needs; TmuxDriver provides them (tests may hand in the same driver). */
export interface Terminal {
  capture(target: string, opts?: { history?: number; escapes?: boolean }): Promise<string>;
  sendLiteral(target: string, text: string): Promise<void>;
  pasteText(target: string, text: string, opts?: { bracketed?: boolean }): Promise<void>;
  sendKey(target: string, key: string): Promise<void>;
}

export interface Look {
  screen: string;
  state: ScreenState;
  composer: ComposerView;
  hash: string;
  at: number;
}

// Codex and Claude 2.1 draw a dim example prompt in an empty composer; the escapes tell it from typed text.
const NEEDS_ESCAPES = new Set(['codex', 'claude']);

/** One fresh capture, classified: what the agent shows right now. */
export async function lookAtSession(terminal: Terminal, session: string, provider: string, now: () => number): Promise<Look> {
  const screen = await terminal.capture(session, NEEDS_ESCAPES.has(provider) ? { escapes: true } : undefined);
  const state = classifyScreen(provider as Provider, screen).state;
  return {
    screen,
    state,
    composer: readComposer(provider, screen),
    hash: crypto.createHash('sha256').update(screen).digest('hex').slice(0, 16),
    at: now(),
  };
}

/** Idle with an empty input area: the only screen we type into. */
export function readyForText(look: Look): boolean {
  return look.state === 'idle' && (!look.composer.found || look.composer.text === '');
}

// Signs that an agent is working, for the layouts whose detector can mistake a multi-line draft
// for work (Aider shows no prompt row under a multi-line draft; Codex's continuation rows).
const WORKING = /░█|Waiting for|Tokens:|Working \(|esc to interrupt|to interrupt\)/;

/**
 * True when the composer visibly holds `text`, or the start of it, and nothing on the screen says
 * the agent works — whatever the detector made of it. Whitespace is ignored so wrapping and
 * continuation indents do not matter. Only our own text counts: a draft of someone else's is
 * not ours to press Enter on or to clear.
 */
export function holdsDraft(look: Look, text: string): boolean {
  if (!look.composer.found || look.composer.text === '') return false;
  const shown = look.composer.text.replace(/\s+/g, '');
  const ours = text.replace(/\s+/g, '');
  if (shown === '' || !ours.startsWith(shown)) return false;
  return !WORKING.test(look.screen.split('\n').slice(look.composer.top).join('\n'));
}
