import { overduePrompts, overdueTasks, sessionsForHealth, type SqliteConn } from '@architect/db';
import { formatDuration } from '../formatDuration';
import type { CheckBatch, CheckSample } from '../sample';

/**
 * One check per managed session. Exited (the agent process ended) fails; a stuck or exit alert
 * another daemon raised, a session gone from tmux, or one waiting for a human too long warns.
 * States are compared as strings so states added by newer daemons read fine here.
 */
export function sessionsCheck(db: SqliteConn, now: number, opts: { waitingWarnMs: number; alertWindowMs: number }): CheckBatch {
  const samples: CheckSample[] = sessionsForHealth(db, now - opts.alertWindowMs).map((s) => {
    const name = `session:${s.name}`;
    const since = s.stateAt ? now - s.stateAt : 0;
    const details = { state: s.state, stateAt: s.stateAt, alerts: s.alerts.length };
    if (s.state === 'exited') return { name, status: 'fail', message: `${s.name} exited`, value: since, details };
    const flagged = s.alerts.find((a) => /stuck|exit/i.test(a.kind));
    if (flagged) return { name, status: 'warn', message: `${s.name}: ${flagged.message}`, value: since, details };
    if (s.state === 'gone') return { name, status: 'warn', message: `${s.name} gone from tmux`, value: since, details };
    if (s.state === 'waiting_input' && since > opts.waitingWarnMs) {
      return { name, status: 'warn', message: `${s.name} waiting for a human for ${formatDuration(since)}`, value: since, details };
    }
    return { name, status: 'ok', message: `${s.name} ${s.state}`, value: since, details };
  });
  return { samples, family: 'session:' };
}

/** Prompts and tasks still open well past their own timeout: the daemon that should end them is not. */
export function overdueCheck(db: SqliteConn, now: number, graceMs: number): CheckBatch {
  const one = (kind: 'prompt' | 'task', rows: ReturnType<typeof overduePrompts>): CheckSample => {
    if (rows.length === 0) return { name: `${kind}s-timeout`, status: 'ok', message: `no ${kind} past its timeout`, value: 0 };
    const first = rows[0]!;
    const more = rows.length > 1 ? ` (+${rows.length - 1} more)` : '';
    return {
      name: `${kind}s-timeout`,
      status: 'fail',
      message: `${kind} ${first.id} ${formatDuration(now - first.dueAt)} past its timeout${first.where ? ` on ${first.where}` : ''}${more}`,
      value: rows.length,
      details: { ids: rows.map((r) => r.id) },
    };
  };
  return { samples: [one('prompt', overduePrompts(db, now, graceMs)), one('task', overdueTasks(db, now, graceMs))] };
}
