import crypto from 'node:crypto';
import { screenSignalOf, setScreenState, type Db, type ScreenSignal, type StateWrite } from '@architect/db';
import { classifyScreen, type Classification, type Provider, type TmuxDriver } from '@architect/tmux';

export interface Observation {
  session: string;
  screen: string;
  classification: Classification;
  signal: ScreenSignal;
  hash: string;
  /** Identity of the dialog on screen ('' when none): a new dialog is a change even in the same state. */
  permissionKey: string;
}

/** The hash every screen reader in a process compares (of the text without escapes). */
export function screenTextHash(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex').slice(0, 20);
}

/** Capture the visible screen (wrapped rows not joined, as the detectors expect) and classify it. */
export async function observeScreen(driver: TmuxDriver, session: string, provider: Provider, paneWidth?: number): Promise<Observation> {
  const screen = await driver.capture(session);
  return classifyObservation(session, screen, provider, paneWidth);
}

/** `hash`: the screen's hash when the caller has it already (a ScreenShot's). */
export function classifyObservation(session: string, screen: string, provider: Provider, paneWidth?: number, hash?: string): Observation {
  const classification = classifyScreen(provider, screen, paneWidth ? { paneWidth } : {});
  return {
    session,
    screen,
    classification,
    signal: screenSignalOf(classification.state, classification.detail),
    hash: hash ?? screenTextHash(screen),
    permissionKey: classification.prompt ? JSON.stringify(classification.prompt) : '',
  };
}

export function recordObservation(db: Db, obs: Observation, now: number, idleGraceMs?: number): StateWrite | undefined {
  const prompt = obs.classification.prompt;
  return setScreenState(
    db,
    obs.session,
    {
      state: obs.signal,
      hash: obs.hash,
      permission: prompt ? { via: 'screen', ...prompt } : null,
      output: screenTail(obs.screen),
    },
    now,
    idleGraceMs,
  );
}

/** The bottom of the screen without trailing blank rows: what last_output shows. */
export function screenTail(screen: string, rows = 15): string {
  const lines = screen.split('\n').map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-rows).join('\n');
}
