import type { Express } from 'express';
import { WORK_ITEMS, bugSeverities, linkedPrompts, listProjects, listSecrets, listWorkItems, type WorkItemKind, type WorkItemRow } from '@architect/db';
import type { DashboardDeps } from '../deps';
import { html, type SafeHtml } from './html';
import { actionButton, page, table, when } from './layout';

/** Projects, features and bugs (with one-step "send to fleet"), and the secrets vault. */
export function registerPlanningPages(app: Express, d: DashboardDeps): void {
  page(app, '/projects', () => ({
    title: 'Projects',
    top: html`<form data-api="/api/projects" class="inline" id="project-form">
<input name="name" placeholder="name" required> <input name="path" placeholder="source path"> <input name="description" placeholder="description">
<input name="priority" data-type="number" type="number" placeholder="priority"> <button type="submit">Add project</button></form>`,
    live: table(
      ['id', 'name', 'status', 'priority', 'path', 'description', ''],
      listProjects(d.db, { includeArchived: true }).map((p) => [
        p.id,
        p.name,
        p.status,
        p.priority,
        p.path,
        p.description,
        p.status === 'archived' ? '' : actionButton('Archive', `/api/projects/${p.id}/archive`, {}, { confirm: `Archive ${p.name}?` }),
      ]),
      'no projects yet',
    ),
  }));

  for (const kind of ['feature', 'bug'] as const) {
    const { table: path, statuses } = WORK_ITEMS[kind];
    page(app, `/${path}`, () => ({
      title: kind === 'feature' ? 'Features' : 'Bugs',
      top: html`<form data-api="/api/${path}" class="inline" id="${kind}-form">
<input name="title" placeholder="title" required> <input name="project" placeholder="project name"> <input name="description" placeholder="description">
${kind === 'bug' ? html`<select name="severity">${bugSeverities.map((s) => html`<option${s === 'medium' ? html` selected` : ''}>${s}</option>`)}</select>` : html`<input name="spec" placeholder="spec">`}
<button type="submit">Add ${kind}</button></form>`,
      live: table(
        ['id', 'project', 'title', 'status', 'priority', 'prompts', 'change status', ''],
        listWorkItems(d.db, kind).map((w) => [w.id, w.project ?? '-', w.title, w.status, w.priority, promptsCell(d, kind, w), statusButtons(kind, w, statuses), actionButton('Send to fleet', `/api/${path}/${w.id}/send`, {}, { id: `send-${kind}-${w.id}` })]),
        `no ${path} yet`,
      ),
    }));
  }

  // Names and metadata only; a value is shown only after an explicit, audited POST.
  page(app, '/secrets', () => ({
    title: 'Secrets',
    live: table(
      ['name', 'service', 'category', 'updated', 'last revealed', ''],
      listSecrets(d.db).map((s) => [s.name, s.service, s.category, when(s.updated_at), when(s.last_revealed_at), revealButton(s.name)]),
      'no secrets stored',
    ),
  }));
}

function promptsCell(d: DashboardDeps, kind: WorkItemKind, w: WorkItemRow): string {
  return linkedPrompts(d.db, kind, w.id).map((p) => `#${p.prompt_id} ${p.status}`).join(', ') || '-';
}

function statusButtons(kind: WorkItemKind, w: WorkItemRow, statuses: readonly string[]): SafeHtml {
  const api = `/api/${WORK_ITEMS[kind].table}/${w.id}/update`;
  return html`${statuses.filter((s) => s !== w.status).map((s) => actionButton(s, api, { status: s, from_status: w.status }))}`;
}

function revealButton(name: string): SafeHtml {
  return html`<button type="button" class="action" data-api="/api/secrets/${name}/reveal" data-body="{}" data-reveal="1" data-confirm="Reveal ${name}? This is recorded in the audit log." id="reveal-${name}">Reveal</button>`;
}
