import type { Express } from 'express';
import { STUCK_MS, killSwitchState, readLiveDialog } from '@architect/approvals';
import { finishedSeries, latestHealthChecks, listSessionViews, openOutageCount, sessionsNeedingHuman, statusSummary, stuckSessions } from '@architect/db';
import type { DashboardDeps } from '../deps';
import { html } from './html';
import { actionButton, ago, page, table } from './layout';

const HOUR = 3_600_000;

export function registerOverviewPages(app: Express, d: DashboardDeps): void {
  page(app, '/', () => {
    const now = d.clock.now();
    const s = statusSummary(d.db, now);
    const needs = sessionsNeedingHuman(d.db).length;
    const outages = openOutageCount(d.db);
    const checks = latestHealthChecks(d.db);
    const failing = checks.filter((c) => c.status !== 'ok').length;
    const health = outages ? 'DOWN' : failing ? 'DEGRADED' : checks.length ? 'HEALTHY' : 'no checks yet';
    const series = finishedSeries(d.db, now - 24 * HOUR, HOUR, now);
    const kill = killSwitchState(d.db, d.config.file.autoConfirm);
    const card = (label: string, value: unknown, href?: string) =>
      html`<div class="card"><div class="label">${label}</div><div class="value">${href ? html`<a href="${href}">${String(value)}</a>` : String(value)}</div></div>`;
    return {
      title: 'Overview',
      live: html`<section class="cards">
${card('Health', health, '/health-checks')}${card('Needs you', needs, '/needs-you')}
${card('Queue (pending)', s.pending, '/prompts')}${card('Assigned / in progress', `${s.assigned} / ${s.in_progress}`)}
${card('Completed today', s.completed_today)}${card('Failed today', s.failed_today)}
${card('Lost & found', s.lost_and_found, '/lost-and-found')}${card('Auto-confirm', kill.on ? `STOPPED (${kill.source})` : 'on', '/approvals')}
${card('Workers running / stale', `${s.workers.running} / ${s.workers.stale}`, '/workers')}
</section>
<h2>Sessions by state</h2>
${table(['state', 'sessions'], Object.entries(s.sessions).map(([k, v]) => [k, v]), 'no sessions')}
<h2>Last 24 hours</h2>
<div class="chart" id="chart-throughput" data-series="${JSON.stringify(series)}" data-kind="throughput"></div>
<div class="chart" id="chart-success" data-series="${JSON.stringify(series)}" data-kind="success"></div>`,
    };
  });

  page(app, '/needs-you', async () => {
    const now = d.clock.now();
    const waiting = sessionsNeedingHuman(d.db);
    const cards = await Promise.all(
      waiting.map(async (s) => {
        const live = s.state === 'waiting_input' ? await readLiveDialog(d.db, d.tmux, s.name).catch(() => undefined) : undefined;
        return html`<article class="need" data-session="${s.name}">
<h3><a href="/sessions/${encodeURIComponent(s.name)}">${s.name}</a> <span class="badge">${s.screenState === 'exited' ? 'exited' : s.state}</span> <span class="muted">${s.provider}, since ${ago(s.stateAt, now)}</span></h3>
${live
  ? html`<p><b>${live.prompt.toolName ?? live.prompt.tool}</b></p><pre class="dialog">${live.prompt.command}</pre>
<ol class="options">${live.prompt.options.map((o) => html`<li>${o}</li>`)}</ol>
<div class="buttons">${actionButton('Approve once', `/api/needs-you/${encodeURIComponent(s.name)}/answer`, { decision: 'approve', dialog: live.dialog }, { id: `approve-${s.name}` })}
${actionButton('Deny', `/api/needs-you/${encodeURIComponent(s.name)}/answer`, { decision: 'deny', dialog: live.dialog }, { id: `deny-${s.name}` })}</div>`
  : html`<pre class="screen">${s.lastOutput ?? ''}</pre>`}
</article>`;
      }),
    );
    const stuck = stuckSessions(d.db, now, STUCK_MS);
    return {
      title: 'Needs you',
      live: html`${cards.length ? cards : html`<p class="muted" id="nothing-needed">No session is waiting for you.</p>`}
<h2>Stuck (busy, no activity for ${STUCK_MS / 60_000} min)</h2>
${table(['session', 'last activity', 'prompt'], stuck.map((s) => [s.name, ago(s.lastActivity, now), s.currentPromptId ?? '-']), 'none')}`,
    };
  });

  page(app, '/sessions', () => {
    const now = d.clock.now();
    const rows = listSessionViews(d.db, { managedOnly: false });
    return {
      title: 'Sessions',
      live: table(
        ['session', 'provider', 'state', 'source', 'current prompt', 'done', 'failed', 'success', 'avg', 'activity'],
        rows.map((s) => [
          html`<a href="/sessions/${encodeURIComponent(s.name)}">${s.name}</a>`,
          s.provider,
          html`<span class="state state-${s.state}">${s.state}</span>`,
          s.stateSource ?? '-',
          s.currentPromptId ? html`<a href="/prompts/${s.currentPromptId}">#${s.currentPromptId}</a> ${s.currentPromptExcerpt ?? ''}` : '-',
          s.completedCount,
          s.failedCount,
          `${Math.round(s.successRate * 100)}%`,
          s.avgCompletionMs ? `${(s.avgCompletionMs / 1000).toFixed(1)}s` : '-',
          ago(s.lastActivity, now),
        ]),
        'no sessions (declare them in architect.config.json)',
      ),
    };
  });
}
