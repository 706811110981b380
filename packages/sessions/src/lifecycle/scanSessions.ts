import { toError, type Clock, type Logger, type SessionConfig } from '@architect/core';
import { getSession, markSessionGone, markSessionPresent, setProcessState, type Db, type SyncResult } from '@architect/db';
import { TmuxServerNotRunningError, TmuxSessionGoneError, tmuxSessionName, type Provider, type TmuxDriver, type TmuxSessionInfo } from '@architect/tmux';
import { agentIdentity } from '../process/agentIdentity';
import { agentVerdict } from '../process/paneAgentCheck';
import { observeScreen, recordObservation } from '../screen/observeScreen';
import { syncSessionsFromConfig } from './syncSessions';

export interface ScanDeps {
  db: Db;
  driver: TmuxDriver;
  clock: Clock;
  log: Logger;
  idleGraceMs?: number;
}

export interface ScannedSession {
  name: string;
  provider: string;
  tmux: 'present' | 'missing';
  state: string;
}

export interface UnmanagedSession {
  name: string;
  created: number;
  attached: number;
  command: string;
}

export interface ScanResult {
  serverRunning: boolean;
  sync: SyncResult;
  managed: ScannedSession[];
  /** tmux sessions that are not in the config: listed, never driven. */
  unmanaged: UnmanagedSession[];
  /** Managed sessions this scan marked gone (they were not gone before). */
  gone: string[];
  /** Managed sessions that were gone and are back in tmux. */
  revived: string[];
}

/**
 * Reconcile the database with the config and with tmux: configured sessions present in tmux are
 * kept (and their screen classified, so the state is current even without the watcher running);
 * missing ones are marked gone — no ghosts; tmux sessions not in the config are reported as
 * unmanaged and never touched. A session killed while being captured is marked gone too.
 */
export async function scanSessions(deps: ScanDeps, configured: readonly SessionConfig[], opts: { classify?: boolean } = {}): Promise<ScanResult> {
  const { db, driver, clock } = deps;
  const sync = syncSessionsFromConfig(db, configured, clock.now());
  let listed: TmuxSessionInfo[] = [];
  let serverRunning = true;
  try {
    listed = await driver.listSessions();
  } catch (err) {
    if (!(err instanceof TmuxServerNotRunningError)) throw err;
    serverRunning = false;
  }
  const byName = new Map(listed.map((s) => [s.name, s]));
  const managedNames = new Set(configured.map((s) => tmuxSessionName(s.name)));
  const result: ScanResult = { serverRunning, sync, managed: [], unmanaged: [], gone: [], revived: [] };

  for (const s of configured) {
    let present = byName.has(tmuxSessionName(s.name));
    if (!present) {
      if (markSessionGone(db, s.name, clock.now())) result.gone.push(s.name);
    } else {
      if (markSessionPresent(db, s.name, clock.now())) result.revived.push(s.name);
      if (opts.classify ?? true) {
        try {
          const obs = await observeScreen(driver, s.name, s.provider as Provider, byName.get(tmuxSessionName(s.name))?.width);
          recordObservation(db, obs, clock.now(), deps.idleGraceMs);
          // Process truth too: an agent that exited leaves an idle-looking screen behind.
          const identity = agentIdentity(s);
          const pane = byName.get(tmuxSessionName(s.name));
          const verdict = identity && pane ? agentVerdict(pane.panePid, identity) : undefined;
          if (verdict) setProcessState(db, s.name, { state: verdict.agent ? 'agent' : 'exited', foreground: verdict.foreground }, clock.now(), deps.idleGraceMs);
        } catch (raw) {
          if (raw instanceof TmuxSessionGoneError || raw instanceof TmuxServerNotRunningError) {
            present = false;
            if (markSessionGone(db, s.name, clock.now())) result.gone.push(s.name);
          } else deps.log.warn({ err: toError(raw), session: s.name }, 'cannot classify session screen');
        }
      }
    }
    const row = getSession(db, s.name);
    result.managed.push({ name: s.name, provider: s.provider, tmux: present ? 'present' : 'missing', state: row?.state ?? 'unknown' });
  }
  for (const t of listed) {
    if (!managedNames.has(t.name)) result.unmanaged.push({ name: t.name, created: t.created, attached: t.attached, command: t.paneCurrentCommand });
  }
  return result;
}
