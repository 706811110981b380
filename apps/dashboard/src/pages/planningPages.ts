import type { Express } from 'express';
import { listFeatures, listProjects, listSecretNames } from '@architect/db';
import type { DashboardDeps } from '../deps';
import { html } from './html';
import { page, table, when } from './layout';

type Row = Record<string, unknown>;
const ms = (v: unknown) => (typeof v === 'number' ? v : null);

/** Projects and features (filled by the planning commands), and the secrets vault's names. */
export function registerPlanningPages(app: Express, d: DashboardDeps): void {
  page(app, '/projects', () => ({
    title: 'Projects and features',
    live: html`<h2>Projects</h2>${table(['name', 'status', 'path', 'description'], listProjects(d.db).map((p: Row) => [p.name, p.status, p.path, p.description]), 'no projects yet')}
<h2>Features</h2>${table(['id', 'project', 'title', 'status', 'priority'], listFeatures(d.db).map((f: Row) => [f.id, f.project ?? '-', f.title, f.status, f.priority]), 'no features yet')}`,
  }));

  // Names and dates only: the dashboard never decrypts or shows a value.
  page(app, '/secrets', () => ({
    title: 'Secrets',
    live: table(['name', 'created', 'updated', 'last revealed'], listSecretNames(d.db).map((s: Row) => [s.name, when(ms(s.created_at)), when(ms(s.updated_at)), when(ms(s.last_revealed_at))]), 'no secrets stored'),
  }));
}
