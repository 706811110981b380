import type { Express } from 'express';
import { killSwitchState } from '@architect/approvals';
import {
  latestHealthChecks,
  alertRows,
  listApprovals,
  listAudit,
  listLocks,
  listLostAndFound,
  outageRows,
  listSmsMessages,
  listTasks,
  listWorkers,
} from '@architect/db';
import type { DashboardDeps } from '../deps';
import { html } from './html';
import { actionButton, ago, page, table, when } from './layout';

type Row = Record<string, unknown>;
const ms = (v: unknown) => (typeof v === 'number' ? v : null);

/** Tasks, approvals, health, alerts/SMS, workers, locks, lost and found, audit. */
export function registerOpsPages(app: Express, d: DashboardDeps): void {
  page(app, '/tasks', () => {
    const now = d.clock.now();
    return {
      title: 'Tasks',
      top: html`<form class="api-form" id="task-form" data-api="/api/tasks"><div class="row">
<label>Command <input name="command" id="task-command" required></label>
<label>Working directory <input name="cwd" id="task-cwd" value="${d.config.home}" required></label>
<label>Priority <input name="priority" type="number" value="0" data-type="number"></label>
<label>Timeout (s) <input name="timeoutSeconds" type="number" min="1" data-type="number"></label>
</div><button type="submit" id="task-add">Add task</button></form>`,
      live: table(
        ['id', 'type', 'status', 'attempts', 'exit', 'age', 'command', ''],
        listTasks(d.db, { limit: 100 }).map((t) => [
          t.id,
          t.type,
          html`<span class="status" data-task-status="${t.id}">${t.status}${t.cancelRequested && t.status === 'running' ? ' (cancelling)' : ''}</span>`,
          `${t.attempts}/${t.maxAttempts}`,
          t.exitCode ?? t.signal ?? '-',
          ago(t.createdAt, now),
          html`<details><summary>${(t.payload.command ?? t.payload.script ?? '').slice(0, 120)}</summary><pre class="output">${t.outputHead ?? ''}${t.outputTail ? `\n…\n${t.outputTail}` : ''}</pre></details>`,
          t.status === 'pending' || t.status === 'running' ? actionButton('Cancel', `/api/tasks/${t.id}/cancel`, {}, { confirm: `Cancel task ${t.id}?`, id: `cancel-task-${t.id}` }) : '',
        ]),
        'no tasks',
      ),
    };
  });

  page(app, '/approvals', () => {
    const kill = killSwitchState(d.db, d.config.file.autoConfirm);
    return {
      title: 'Approvals',
      live: html`<p>Auto-confirm is <b id="kill-state">${kill.on ? `stopped (${kill.source})` : 'answering by policy'}</b>.
${kill.on ? actionButton('Resume auto-confirm', '/api/approvals/kill-switch', { on: false }) : actionButton('Kill switch: stop all approving', '/api/approvals/kill-switch', { on: true }, { confirm: 'Stop every automatic approval now?' })}</p>
${table(
  ['time', 'session', 'outcome', 'via', 'tool', 'command', 'rule'],
  listApprovals(d.db, { limit: 200 }).map((r) => [when(r.createdAt), r.session, r.outcome, r.via, r.tool, html`<code>${(r.command ?? '').slice(0, 300)}</code>`, r.rule]),
  'no decisions yet',
)}`,
    };
  });

  page(app, '/health-checks', () => ({
    title: 'Health and outages',
    live: html`<h2>Checks</h2>${table(['check', 'status', 'message', 'value', 'at'], latestHealthChecks(d.db).map((c: Row) => [c.check_name, c.status, c.message, c.value, when(ms(c.created_at))]), 'no health checks recorded yet (the health daemon writes them)')}
<h2>Outages</h2>${table(['check', 'reason', 'started', 'ended', 'duration'], outageRows(d.db, 100).map((o: Row) => [o.check_name, o.reason, when(ms(o.started_at)), o.ended_at ? when(ms(o.ended_at)) : 'OPEN', o.duration_ms ? `${Math.round(Number(o.duration_ms) / 1000)}s` : '-']), 'no outages')}`,
  }));

  page(app, '/alerts', () => ({
    title: 'Alerts and SMS',
    live: html`<h2>Alerts</h2>${table(['time', 'kind', 'session', 'message', 'notified', 'acknowledged'], alertRows(d.db, 100).map((a: Row) => [when(ms(a.created_at)), a.kind, a.session_name, a.message, when(ms(a.notified_at)), when(ms(a.acknowledged_at))]), 'no alerts')}
<h2>SMS outbox</h2>${table(['time', 'kind', 'to', 'status', 'body', 'error'], listSmsMessages(d.db, 100).map((m: Row) => [when(ms(m.created_at)), m.kind, m.to_number, m.status, m.body, m.error]), 'no messages')}`,
  }));

  page(app, '/workers', () => {
    const now = d.clock.now();
    return {
      title: 'Workers',
      live: table(
        ['worker', 'status', 'pid', 'host', 'version', 'started', 'heartbeat', 'restarts'],
        listWorkers(d.db, now).map((w) => [w.id, w.stale ? 'STALE' : w.status, w.pid, w.host, w.version, when(w.startedAt), ago(w.heartbeatAt, now), w.restarts]),
        'no worker has registered',
      ),
    };
  });

  page(app, '/locks', () => {
    const now = d.clock.now();
    return {
      title: 'Locks',
      live: table(
        ['id', 'path', 'session', 'prompt', 'expires', ''],
        listLocks(d.db, now).map((l) => [l.id, l.path, l.sessionName, l.promptId ?? '-', l.expired ? 'EXPIRED' : when(l.expiresAt), actionButton('Release', `/api/locks/${l.id}/release`, {}, { confirm: `Release the lock on ${l.path}?` })]),
        'no locks held',
      ),
    };
  });

  page(app, '/lost-and-found', () => ({
    title: 'Lost and found',
    live: table(
      ['prompt', 'attempts', 'reasons', 'text', ''],
      listLostAndFound(d.db, 200).map((l) => [
        html`<a href="/prompts/${l.promptId}">${l.promptId}</a>`,
        l.attempts,
        l.reasons.map((r) => `#${r.attempt} ${r.session ?? '-'}: ${r.reason}`).join('; '),
        l.content.slice(0, 200),
        actionButton('Retry', `/api/prompts/${l.promptId}/retry`),
      ]),
      'nothing lost',
    ),
  }));

  page(app, '/audit', () => ({
    title: 'Audit log',
    live: table(['time', 'actor', 'action', 'target', 'details', 'ip'], listAudit(d.db, 200).map((a) => [when(a.createdAt), a.actor, a.action, a.target, a.details ? JSON.stringify(a.details) : '', a.ip])),
  }));
}
