import type { Express } from 'express';
import { z } from 'zod';
import { listSuggestions } from '@architect/db';
import type { PhaseProgress } from '@architect/planning';
import { parse } from '../api/handle';
import { milestonesByProject, planDetail, planSummaries } from '../api/planViews';
import type { DashboardDeps } from '../deps';
import { html, type SafeHtml } from './html';
import { actionButton, page, table, when } from './layout';

/** Plans with progress per phase, one plan's steps, milestones by project, and suggestions. */
export function registerPlansPages(app: Express, d: DashboardDeps): void {
  page(app, '/plans', () => ({
    title: 'Plans',
    live: table(
      ['id', 'name', 'status', 'progress', 'phases', 'updated'],
      planSummaries(d.db).map((p) => [html`<a href="/plans/${p.id}">${p.id}</a>`, p.name, p.status, p.progress, phaseBars(p.phases), when(p.updatedAt)]),
      'no plans yet (architect plans add --file …)',
    ),
  }));

  page(app, '/plans/:id', (req) => {
    const p = planDetail(d.db, parse(z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }), req.params).id);
    return {
      title: `Plan ${p.id}: ${p.name}`,
      live: html`<p>${p.status} · ${p.progress}${p.blockedReason ? ` · blocked: ${p.blockedReason}` : ''}</p>
${phaseBars(p.phases)}
${table(
  ['step', 'phase', 'status', 'tries', 'after', 'prompt', 'verify', 'last verify output'],
  p.steps.map((s) => [
    s.key,
    s.phase,
    s.status,
    `${s.attempts}/${s.maxAttempts}`,
    s.dependsOn.join(', ') || '-',
    s.promptId === null ? '-' : `#${s.promptId} ${s.promptStatus ?? ''}`,
    s.verify ?? '-',
    s.lastVerify ? html`exit ${s.lastVerify.exitCode ?? s.lastVerify.status}<pre>${s.lastVerify.output ?? ''}</pre>` : s.lastFailure ? html`<pre>${s.lastFailure}</pre>` : '-',
  ]),
  'no steps',
)}
${p.steps.map((s) => html`<details><summary>${s.key}: ${s.title}</summary><pre>${s.prompt}</pre></details>`)}`,
    };
  });

  page(app, '/milestones', () => ({
    title: 'Milestones',
    live: html`${milestonesByProject(d.db).map(
      (m) => html`<h2>${m.project}</h2><p>${m.open} open, ${m.closed} closed</p>
${table(['phase', 'open', 'closed'], m.phases.map((ph) => [ph.phase, ph.open, ph.closed]), 'not scanned yet (architect milestones scan)')}
${table(['phase', 'tag', 'text', 'file', 'owner', 'hours'], m.items.map((i) => [i.phase, i.tag, i.text, `${i.file}:${i.line}`, i.owner ?? '-', i.estimatedHours]), 'no open items')}`,
    )}`,
  }));

  page(app, '/suggestions', () => ({
    title: 'Suggestions',
    live: table(
      ['id', 'kind', 'message', 'status', 'updated', ''],
      listSuggestions(d.db).map((s) => [
        s.id,
        s.kind,
        s.message,
        s.status,
        when(s.updatedAt),
        s.status === 'open'
          ? html`${actionButton('Accept', `/api/suggestions/${s.id}/accept`, {}, { id: `accept-${s.id}` })} ${actionButton('Dismiss', `/api/suggestions/${s.id}/dismiss`, {}, { id: `dismiss-${s.id}` })}`
          : '',
      ]),
      'no suggestions',
    ),
  }));
}

/** A bar per phase: <progress> needs no inline style (the CSP forbids it) and no script. */
function phaseBars(phases: readonly PhaseProgress[]): SafeHtml {
  return html`${phases.map((ph) => html`<div class="phase"><progress max="${ph.total}" value="${ph.done}">${ph.percent}%</progress> ${ph.phase} ${ph.done}/${ph.total}</div>`)}`;
}
