import type { Clock } from '@architect/core';
import { screenTextHash } from '@architect/sessions';
import { classifyScreen, composerNeedsEscapes, readComposer, type ComposerView, type PaneScreen, type Provider, type ScreenState } from '@architect/tmux';

/** The tmux calls delivery needs; TmuxDriver provides them (tests may hand in the same driver). */
export interface Terminal {
  capture(target: string, opts?: { history?: number; escapes?: boolean }): Promise<string>;
  screen(target: string, opts?: { escapes?: boolean }): Promise<PaneScreen>;
  sendLiteral(target: string, text: string): Promise<void>;
  pasteText(target: string, text: string, opts?: { bracketed?: boolean }): Promise<void>;
  sendKey(target: string, key: string): Promise<void>;
}

/** The process's screen pipeline (the watcher's ScreenObserver): a read reuses a screen nothing has drawn over since. */
export interface ScreenSource {
  read(session: string, opts?: { since?: number }): Promise<PaneScreen & { at: number; hash: string }>;
}

export interface LookDeps {
  terminal: Terminal;
  /** Without one (tests, --once) every look is a capture of its own. */
  screens?: ScreenSource | undefined;
  clock: Clock;
}

export interface Look {
  /** As drawn, escapes included (the composer reader needs them). */
  screen: string;
  state: ScreenState;
  composer: ComposerView;
  hash: string;
  /** When the screen was read (at least this new). */
  at: number;
}

/**
 * What the agent shows now, classified: a screen read at this moment (joining a capture under
 * way at most), because a look that decides a key must not trust a kept screen — the pane file's
 * mtime, which says whether one is still current, lags the screen when the machine is busy.
 * `reuseKept`: the observer's latest screen will do when nothing has drawn over it (a look that
 * decides no key, such as the completion check).
 */
export async function lookAtSession(deps: LookDeps, session: string, provider: string, opts: { reuseKept?: boolean } = {}): Promise<Look> {
  let shot: PaneScreen & { at: number; hash?: string };
  if (deps.screens) shot = await deps.screens.read(session, opts.reuseKept ? {} : { since: deps.clock.now() });
  else {
    const at = deps.clock.now();
    shot = { ...(await deps.terminal.screen(session, { escapes: composerNeedsEscapes(provider) })), at };
  }
  return {
    screen: shot.raw,
    state: classifyScreen(provider as Provider, shot.text, shot.width !== undefined ? { paneWidth: shot.width } : {}).state,
    composer: readComposer(provider, shot.raw),
    hash: shot.hash ?? screenTextHash(shot.text),
    at: shot.at,
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
