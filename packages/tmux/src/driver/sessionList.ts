/** One tmux session and its active pane, as `list-sessions` reports them. */
export interface TmuxSessionInfo {
  /** The name tmux uses (configured names with '.' appear with '_'; see tmuxSessionName). */
  name: string;
  /** Creation time, ms since the epoch. */
  created: number;
  /** Number of clients attached. */
  attached: number;
  width: number;
  height: number;
  panePid: number;
  paneCurrentCommand: string;
  paneDead: boolean;
  /** Whether a pipe-pane is open on the active pane. */
  panePipe: boolean;
  /** Last output in the session's current window, ms since the epoch (tmux keeps whole seconds). */
  activity: number;
}

// Unit separator: cannot appear in a session name Architect creates and is rare anywhere else.
const SEP = '\u001f';
const FIELDS = [
  'session_name',
  'session_created',
  'session_attached',
  'window_width',
  'window_height',
  'pane_pid',
  'pane_current_command',
  'pane_dead',
  'pane_pipe',
  'window_activity',
];

export const SESSION_LIST_FORMAT = FIELDS.map((f) => `#{${f}}`).join(SEP);

export function parseSessionList(out: string): TmuxSessionInfo[] {
  const sessions: TmuxSessionInfo[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    const f = line.split(SEP);
    if (f.length < FIELDS.length) continue;
    // A name containing the separator shifts the fields: take the fixed tail from the end.
    const tail = f.slice(-(FIELDS.length - 1));
    const name = f.slice(0, f.length - tail.length).join(SEP);
    const [created, attached, width, height, pid, command, dead, pipe, activity] = tail;
    sessions.push({
      name,
      created: Number(created) * 1000,
      attached: Number(attached) || 0,
      width: Number(width) || 0,
      height: Number(height) || 0,
      panePid: Number(pid) || 0,
      paneCurrentCommand: command ?? '',
      paneDead: dead === '1',
      panePipe: pipe === '1',
      activity: Number(activity) * 1000,
    });
  }
  return sessions;
}

/** A pane's first process and what tmux sees in its foreground (the process check's cheap input). */
export interface PaneProcess {
  /** `#{pane_pid}`: the process tmux started in the pane (the shell, or the agent itself). */
  panePid: number;
  /** `#{pane_current_command}`: the foreground group leader's name (`sh` while `sh -c` runs the agent). */
  currentCommand: string;
  paneDead: boolean;
}

export const PANE_PROCESS_FORMAT = ['pane_pid', 'pane_current_command', 'pane_dead'].map((f) => `#{${f}}`).join(SEP);

export function parsePaneProcess(out: string): PaneProcess {
  const [pid, command, dead] = out.trim().split(SEP);
  return { panePid: Number(pid) || 0, currentCommand: command ?? '', paneDead: dead === '1' };
}
