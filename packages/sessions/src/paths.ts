import path from 'node:path';

/**
 * Files the sessions layer keeps under $ARCHITECT_HOME/data:
 *   panes/<tmux name>.out   each managed pane's output (tmux pipe-pane), the watcher's change signal
 *   panes/signals/<tmux name>.hook  touched by `architect hook` after it recorded an event
 *   panes/signals/<tmux name>.pipe  touched when the pane's pipe was armed (a session started)
 *   hooks/<session>.settings.json  the Claude Code settings file passed with --settings
 */
export interface SessionPaths {
  panesDir: string;
  hooksDir: string;
}

export function sessionPaths(home: string): SessionPaths {
  return { panesDir: path.join(home, 'data', 'panes'), hooksDir: path.join(home, 'data', 'hooks') };
}

/** tmux turns '.' into '_' in session names (see tmuxSessionName); pane files use tmux's name. */
export function paneKey(session: string): string {
  return session.replaceAll('.', '_');
}

export function paneLogPath(panesDir: string, session: string): string {
  return path.join(panesDir, `${paneKey(session)}.out`);
}

/** Hook and pipe signals: a directory of their own, so watching it never wakes on pane output. */
export function signalsDir(panesDir: string): string {
  return path.join(panesDir, 'signals');
}

export function hookPokePath(panesDir: string, session: string): string {
  return path.join(signalsDir(panesDir), `${paneKey(session)}.hook`);
}

export function pipeArmedPath(panesDir: string, session: string): string {
  return path.join(signalsDir(panesDir), `${paneKey(session)}.pipe`);
}

export function hookSettingsPath(hooksDir: string, session: string): string {
  return path.join(hooksDir, `${session}.settings.json`);
}

/** Quote for /bin/sh: the only shell strings we build (pipe-pane, hook commands) go through this. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
