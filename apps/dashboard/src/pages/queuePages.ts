import type { Express } from 'express';
import { z } from 'zod';
import { NotFoundError, providers } from '@architect/core';
import { getPrompt, getSession, listLostAndFound, listPrompts, promptHistory, queuePage, queuePosition } from '@architect/db';
import { parse } from '../api/handle';
import type { DashboardDeps } from '../deps';
import { sessionNameSchema } from '../sessionName';
import { html } from './html';
import { actionButton, ago, page, table, when } from './layout';

const CANCELLABLE = new Set(['pending', 'assigned', 'in_progress']);
const RETRYABLE = new Set(['failed', 'cancelled']);

export function registerQueuePages(app: Express, d: DashboardDeps): void {
  page(app, '/prompts', (req) => {
    const now = d.clock.now();
    const { offset } = parse(z.object({ offset: z.coerce.number().int().min(0).max(10_000_000).default(0) }), req.query);
    const q = queuePage(d.db, offset, 50);
    const recent = listPrompts(d.db, { limit: 50 }).filter((p) => p.status !== 'pending');
    const sessions = d.config.file.sessions;
    return {
      title: 'Prompts',
      top: html`<form class="api-form" id="send-form" data-api="/api/assigner/send">
<label>Prompt <textarea name="content" id="send-content" rows="3" required></textarea></label>
<div class="row">
<label>Target <select name="target"><option value="">any session</option>${sessions.map((s) => html`<option>${s.name}</option>`)}</select></label>
<label>Provider <select name="provider"><option value="">any</option>${providers.map((p) => html`<option>${p}</option>`)}</select></label>
<label>Specialty <input name="specialty" maxlength="100"></label>
<label>Priority <input name="priority" type="number" min="-100" max="100" value="0" data-type="number"></label>
<label>Locks <input name="locks" placeholder="src/a.ts, docs/*.md" data-type="list"></label>
</div><button type="submit" id="send-button">Send</button></form>`,
      live: html`<h2>Queue: ${q.total} pending</h2>
${table(
  ['#', 'id', 'priority', 'routing', 'attempts', 'age', 'text', ''],
  q.rows.map((p) => [
    p.position,
    html`<a href="/prompts/${p.id}">${p.id}</a>`,
    p.priority,
    [p.targetSession, p.targetProvider, p.requiredSpecialty].filter(Boolean).join(' · ') || 'any',
    `${p.attempts}/${p.maxAttempts}`,
    ago(p.createdAt, now),
    html`<span class="text">${p.content.slice(0, 200)}</span>`,
    actionButton('Cancel', `/api/prompts/${p.id}/cancel`, {}, { confirm: `Cancel prompt ${p.id}?` }),
  ]),
  'the queue is empty',
)}
${q.total > offset + 50 ? html`<p><a href="/prompts?offset=${offset + 50}">next 50</a></p>` : ''}
<h2>Recent</h2>
${table(
  ['id', 'status', 'session', 'attempts', 'finished', 'text', ''],
  recent.map((p) => [
    html`<a href="/prompts/${p.id}">${p.id}</a>`,
    html`<span class="status status-${p.status}" data-prompt-status="${p.id}">${p.status}</span>`,
    p.assignedSession ?? '-',
    `${p.attempts}/${p.maxAttempts}`,
    ago(p.completedAt, now),
    html`<span class="text">${p.content.slice(0, 200)}</span>`,
    CANCELLABLE.has(p.status)
      ? actionButton('Cancel', `/api/prompts/${p.id}/cancel`, {}, { confirm: `Cancel prompt ${p.id}?` })
      : RETRYABLE.has(p.status)
        ? actionButton('Retry', `/api/prompts/${p.id}/retry`)
        : '',
  ]),
  'no prompts yet',
)}`,
    };
  });

  page(app, '/prompts/:id', (req) => {
    const { id } = parse(z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }), req.params);
    const p = getPrompt(d.db, id);
    if (!p) throw new NotFoundError('prompt', id);
    const lost = listLostAndFound(d.db, 10_000).find((l) => l.promptId === id);
    const position = queuePosition(d.db, id);
    return {
      title: `Prompt ${id}`,
      live: html`<dl class="facts">
<dt>status</dt><dd><span class="status status-${p.status}" id="prompt-status">${p.status}</span>${position ? ` (position ${position} in the queue)` : ''}</dd>
<dt>session</dt><dd>${p.assignedSession ?? '-'}</dd><dt>source</dt><dd>${p.source}</dd>
<dt>priority</dt><dd>${p.priority}</dd><dt>attempts</dt><dd>${p.attempts}/${p.maxAttempts}</dd>
<dt>routing</dt><dd>${[p.targetSession, p.targetProvider, p.requiredSpecialty].filter(Boolean).join(' · ') || 'any'}</dd>
<dt>locks</dt><dd>${p.lockPaths.join(', ') || '-'}</dd><dt>created</dt><dd>${when(p.createdAt)}</dd><dt>finished</dt><dd>${when(p.completedAt)}</dd>
</dl>
<div class="buttons">${CANCELLABLE.has(p.status) ? actionButton('Cancel', `/api/prompts/${id}/cancel`, {}, { confirm: `Cancel prompt ${id}?` }) : ''}
${RETRYABLE.has(p.status) ? actionButton('Retry', `/api/prompts/${id}/retry`) : ''}</div>
<h2>Text</h2><pre>${p.content}</pre>
<h2>Response</h2><pre id="prompt-response">${p.response ?? ''}</pre>
${p.error ? html`<h2>Error</h2><pre>${p.error}</pre>` : ''}
${lost ? html`<h2>Lost and found</h2>${table(['attempt', 'session', 'reason'], lost.reasons.map((r) => [r.attempt, r.session ?? '-', r.reason]))}` : ''}
<h2>History</h2>
${table(['time', 'action', 'session', 'details'], promptHistory(d.db, id).map((h) => [when(h.createdAt), h.action, h.sessionName ?? '-', h.details ? JSON.stringify(h.details) : '']))}`,
    };
  });

  page(app, '/sessions/:name', (req) => {
    const { name } = parse(z.object({ name: sessionNameSchema }), req.params);
    const s = getSession(d.db, name);
    if (!s) throw new NotFoundError('session', name);
    return {
      title: `Session ${name}`,
      top: html`<h2>Screen (live, read-only)</h2><pre class="screen" id="screen" data-screen="${name}">loading…</pre>`,
      live: html`<dl class="facts"><dt>state</dt><dd>${s.state} (${s.stateSource ?? '-'})</dd><dt>provider</dt><dd>${s.provider}</dd>
<dt>current prompt</dt><dd>${s.currentPromptId ? html`<a href="/prompts/${s.currentPromptId}">#${s.currentPromptId}</a>` : '-'}</dd>
<dt>completed / failed</dt><dd>${s.completedCount} / ${s.failedCount}</dd><dt>success rate</dt><dd>${Math.round(s.successRate * 100)}%</dd>
<dt>cwd</dt><dd>${s.cwd ?? '-'}</dd></dl>`,
    };
  });
}
