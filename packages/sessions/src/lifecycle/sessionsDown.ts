import type { Clock, Logger, SessionConfig } from '@architect/core';
import { markSessionGone, type Db } from '@architect/db';
import type { TmuxDriver } from '@architect/tmux';

export interface DownResult {
  name: string;
  action: 'stopped' | 'not-running';
}

/**
 * Kill the tmux sessions of configured sessions only: a tmux session that is not in the config
 * (the user's own shell, another tool's agent) is never touched.
 */
export async function sessionsDown(
  deps: { db: Db; driver: TmuxDriver; clock: Clock; log: Logger },
  sessions: readonly SessionConfig[],
  opts: { names?: string[] } = {},
): Promise<DownResult[]> {
  const wanted = opts.names ? sessions.filter((s) => opts.names!.includes(s.name)) : sessions;
  const results: DownResult[] = [];
  for (const s of wanted) {
    const killed = await deps.driver.killSession(s.name);
    markSessionGone(deps.db, s.name, deps.clock.now());
    if (killed) deps.log.info({ session: s.name }, 'session stopped');
    results.push({ name: s.name, action: killed ? 'stopped' : 'not-running' });
  }
  return results;
}
