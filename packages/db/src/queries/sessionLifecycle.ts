/**
 * The tmux session's own lifecycle, as `sessions up` and the watcher see it: started, gone,
 * present again. These set the state directly: there is no hook or screen evidence to weigh.
 */
import type { SqliteConn } from '../openSqlite';
import { getSession, type SessionRow } from './sessionRead';

/**
 * The tmux session is gone: state 'gone', signals cleared so a revived session starts clean.
 * Compare-and-swap: a row already gone is left alone (returns undefined).
 */
export function markSessionGone(db: SqliteConn, name: string, now: number): SessionRow | undefined {
  const r = db.sqlite
    .prepare(
      `UPDATE sessions SET state = 'gone', state_source = NULL, state_at = @now, hook_state = NULL, hook_state_at = NULL,
         screen_state = NULL, screen_state_at = NULL, screen_hash = NULL, process_state = NULL, process_at = NULL,
         permission = NULL, updated_at = @now
       WHERE name = @name AND state != 'gone' RETURNING name`,
    )
    .get({ name, now }) as { name: string } | undefined;
  return r ? getSession(db, name) : undefined;
}

/** `sessions up` just started the agent: 'starting' until the first hook or screen signal. */
export function markSessionStarting(db: SqliteConn, name: string, now: number): boolean {
  const r = db.sqlite
    .prepare(
      `UPDATE sessions SET state = 'starting', state_source = NULL, state_at = @now, hook_state = NULL, hook_state_at = NULL,
         hook_session_id = NULL, screen_state = NULL, screen_state_at = NULL, screen_hash = NULL, process_state = NULL,
         process_at = NULL, permission = NULL, last_activity = @now, updated_at = @now
       WHERE name = @name`,
    )
    .run({ name, now });
  return r.changes === 1;
}

/** tmux has the session again (started by hand, or a scan after `up`): gone → unknown. */
export function markSessionPresent(db: SqliteConn, name: string, now: number): boolean {
  const r = db.sqlite
    .prepare(`UPDATE sessions SET state = 'unknown', state_source = NULL, state_at = @now, updated_at = @now WHERE name = @name AND state = 'gone'`)
    .run({ name, now });
  return r.changes === 1;
}
