// Puts the TTY into the mode the real agents use (raw keys, bracketed paste) and
// restores it on every way out, so a crashed fake does not leave the pane unusable.

const BRACKETED_PASTE_ON = '\x1b[?2004h';
const BRACKETED_PASTE_OFF = '\x1b[?2004l';
const SHOW_CURSOR = '\x1b[?25h';

let restored = false;

export function restoreTerminal() {
  if (restored) return;
  restored = true;
  try {
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
  } catch {
    // stdin already gone
  }
  try {
    process.stdout.write(BRACKETED_PASTE_OFF + SHOW_CURSOR);
  } catch {
    // stdout already gone
  }
}

/**
 * @param {{ onData: (text: string) => void, onResize?: (cols: number, rows: number) => void,
 *   onSignal?: (signal: string) => void }} handlers
 */
export function openTerminal({ onData, onResize, onSignal }) {
  const { stdin, stdout } = process;
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.on('data', onData);
  // When the pane goes away the TTY read fails (EIO) or ends before SIGHUP arrives; treat
  // both as the hangup they are instead of dying on an unhandled 'error'.
  const hangup = () => (onSignal ? onSignal('SIGHUP') : process.exit(129));
  stdin.on('error', hangup);
  stdin.on('end', hangup);
  stdout.on('error', () => {});
  stdin.resume();
  stdout.write(BRACKETED_PASTE_ON);
  if (onResize) stdout.on('resize', () => onResize(stdout.columns, stdout.rows));
  process.on('exit', restoreTerminal);
  // tmux kill-session sends SIGHUP; tests and PM2 send SIGTERM.
  for (const sig of ['SIGHUP', 'SIGTERM']) {
    process.on(sig, () => {
      if (onSignal) return onSignal(sig);
      restoreTerminal();
      process.exit(sig === 'SIGHUP' ? 129 : 143);
    });
  }
}

/**
 * Every fake's main: keys go to the agent, a resize redraws it, a hangup (129) or SIGTERM (143)
 * shuts it down, and it starts after `startupMs` (real CLIs take a moment to draw).
 * @param {{ onData: (c: string) => void, render: () => void, shutdown: (code: number, reason?: string) => unknown,
 *   start: () => unknown, background: (p: Promise<unknown>) => void }} agent
 * @param {{ resize: (cols: number, rows: number) => void }} screen
 */
export function runOnTerminal(agent, screen, startupMs) {
  openTerminal({
    onData: (chunk) => agent.onData(chunk),
    onResize: (cols, rows) => {
      screen.resize(cols, rows);
      agent.render();
    },
    onSignal: (sig) => void agent.shutdown(sig === 'SIGHUP' ? 129 : 143, 'other'),
  });
  setTimeout(() => agent.background(Promise.resolve(agent.start())), startupMs);
}
