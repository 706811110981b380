import { exactTarget, TmuxServerNotRunningError, TmuxSessionGoneError, type TmuxDriver } from '@architect/tmux';

export interface Screen {
  text: string;
  /** Pane width in columns: lets the detectors tell a wrapped line from two lines. */
  width: number | undefined;
}

/**
 * The live screen and its width from ONE tmux client (`display-message ; capture-pane`), so the
 * width belongs to the capture and a hot path costs one process per look. Undefined when the
 * session (or the whole server) is gone.
 */
export async function captureScreen(driver: TmuxDriver, session: string): Promise<Screen | undefined> {
  const t = exactTarget(session);
  let out: string;
  try {
    out = await driver.run(['display-message', '-p', '-t', t, '#{pane_width}', ';', 'capture-pane', '-p', '-t', t]);
  } catch (err) {
    if (err instanceof TmuxSessionGoneError || err instanceof TmuxServerNotRunningError) return undefined;
    throw err;
  }
  const nl = out.indexOf('\n');
  const width = Number(out.slice(0, nl));
  return { text: out.slice(nl + 1), width: Number.isInteger(width) && width > 0 ? width : undefined };
}
