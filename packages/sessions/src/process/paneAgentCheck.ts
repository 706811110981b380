/**
 * The one process check both the watcher and the assigner use: tmux says which process the pane
 * started (`#{pane_pid}`), /proc says what runs in its foreground, the agent identity says
 * whether that is the session's agent.
 */
import type { SessionConfig } from '@architect/core';
import type { PaneProcess } from '@architect/tmux';
import { agentIdentities, agentIdentity, type AgentIdentity } from './agentIdentity';
import { describeArgv, inspectForeground, PROC_ROOT } from './procTree';

export interface AgentVerdict {
  /** The session's agent runs in the pane's foreground. */
  agent: boolean;
  /** The foreground's command line (the agent's, when it runs). */
  foreground: string | null;
  /** The agent's pid when it runs (a hint for the next check). */
  pid?: number;
  /** When the agent process started, ms since the epoch (when /proc says). */
  startedAt?: number;
}

/** The agent of a session: the configured one by name, else the provider's. */
export type IdentityOf = (session: string, provider: string) => AgentIdentity | undefined;

export function identityResolver(sessions: Pick<SessionConfig, 'name' | 'provider' | 'command'>[] = []): IdentityOf {
  const configured = agentIdentities(sessions);
  return (session, provider) => configured.get(session) ?? agentIdentity({ provider: provider as SessionConfig['provider'], command: undefined });
}

/** The process verdict for a pane whose first process is `panePid` (no tmux call). */
export function agentVerdict(panePid: number, identity: AgentIdentity, procRoot = PROC_ROOT, hintPid?: number): AgentVerdict | undefined {
  if (!(panePid > 0)) return undefined;
  const v = inspectForeground(panePid, (p) => identity.matches(p.argv, p.comm), procRoot, hintPid);
  if (!v) return undefined;
  return {
    agent: v.agent,
    foreground: describeArgv(v.process?.argv),
    ...(v.agent && v.process ? { pid: v.process.pid } : {}),
    ...(v.agent && v.process?.startedAt !== undefined ? { startedAt: v.process.startedAt } : {}),
  };
}

/**
 * Asks tmux for the pane's process (one `display-message`) and /proc for its foreground, right
 * now. Undefined for sessions without an agent (provider shell) or when there is no verdict.
 */
export type AgentCheck = (session: string, provider: string) => Promise<AgentVerdict | undefined>;

export function paneAgentCheck(tmux: { paneProcess(target: string): Promise<PaneProcess> }, identityOf: IdentityOf, procRoot = PROC_ROOT): AgentCheck {
  return async (session, provider) => {
    const identity = identityOf(session, provider);
    if (!identity) return undefined;
    const pane = await tmux.paneProcess(session);
    // A dead pane (remain-on-exit) has nothing in it: certainly not the agent.
    if (pane.paneDead) return { agent: false, foreground: null };
    return agentVerdict(pane.panePid, identity, procRoot);
  };
}
