import fs from 'node:fs';
import type { TmuxDriver } from '@architect/tmux';
import { paneLogPath, pipeArmedPath, shellQuote, signalsDir } from '../paths';

/**
 * Send the pane's output to data/panes/<session>.out (`pipe-pane -O`, replacing any earlier
 * pipe). The file is only a change signal: its growth tells the watcher, through inotify, that
 * this pane drew something — the screen itself is always read with capture-pane. `cat >>` opens
 * with O_APPEND, so the watcher may truncate the file at any time. Then data/panes/signals/
 * <session>.pipe is touched: a watcher that does not follow this pane yet learns of it.
 */
export async function armPanePipe(driver: TmuxDriver, panesDir: string, session: string): Promise<void> {
  fs.mkdirSync(panesDir, { recursive: true });
  await driver.pipePane(session, `exec cat >> ${shellQuote(paneLogPath(panesDir, session))}`);
  try {
    fs.mkdirSync(signalsDir(panesDir), { recursive: true });
    fs.writeFileSync(pipeArmedPath(panesDir, session), '');
  } catch {
    // The pipe is armed; a watcher that missed the signal finds the session on its next scan.
  }
}

/** Truncate a pane log past `maxBytes`; returns true when it did. */
export function trimPaneLog(panesDir: string, session: string, maxBytes: number): boolean {
  const file = paneLogPath(panesDir, session);
  try {
    if (fs.statSync(file).size <= maxBytes) return false;
    fs.truncateSync(file, 0);
    return true;
  } catch {
    return false; // not created yet, or removed: nothing to trim
  }
}
