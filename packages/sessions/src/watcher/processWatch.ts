import type { Clock, Logger } from '@architect/core';
import { setProcessState, type Db } from '@architect/db';
import { agentVerdict, type IdentityOf } from '../process/paneAgentCheck';
import { PROC_ROOT } from '../process/procTree';
import type { StateReporter } from './stateReporter';
import type { Tracked } from './trackedSessions';

export interface ProcessWatchDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  reporter: StateReporter;
  identityOf: IdentityOf;
  idleGraceMs: number;
  procRoot?: string;
}

/**
 * Process truth for the watcher: is the session's agent still the pane's foreground? Costs a few
 * /proc reads and no tmux call (the pane's pid comes from the scan's list-sessions), so it runs
 * on every scan and with every new screen — an agent that exits prints its shell prompt, and that
 * output is what makes the watcher look. Writes only when the verdict or the foreground changes.
 */
export class ProcessWatch {
  constructor(private readonly deps: ProcessWatchDeps) {}

  check(t: Tracked): void {
    if (!t.present || t.panePid === undefined) return;
    const identity = this.deps.identityOf(t.name, t.provider);
    if (!identity) return;
    const v = agentVerdict(t.panePid, identity, this.deps.procRoot ?? PROC_ROOT, t.agentPid);
    if (!v) return;
    t.agentPid = v.pid;
    const state = v.agent ? 'agent' : 'exited';
    if (state === t.processState && v.foreground === t.foreground) return;
    const was = t.processState;
    t.processState = state;
    t.foreground = v.foreground;
    const now = this.deps.clock.now();
    const write = setProcessState(this.deps.db, t.name, { state, foreground: v.foreground }, now, this.deps.idleGraceMs);
    if (state === 'exited' && was !== 'exited') {
      this.deps.log.warn({ session: t.name, foreground: v.foreground, agent: identity.describe }, 'agent is not in the foreground: session exited');
    } else if (state === 'agent' && was === 'exited') {
      this.deps.log.info({ session: t.name, foreground: v.foreground }, 'agent is back in the foreground');
    }
    this.deps.reporter.apply(t, write, 'process');
  }
}
