import type { Express } from 'express';
import { z } from 'zod';
import { checkPromptRouting, providers } from '@architect/core';
import {
  WORK_ITEMS,
  addProject,
  addWorkItem,
  archiveProject,
  bugSeverities,
  bugStatuses,
  featureStatuses,
  linkedPrompts,
  listProjects,
  listWorkItems,
  projectCounts,
  projectStatuses,
  requireProject,
  requireWorkItem,
  sendWorkItem,
  updateWorkItem,
  type WorkItemKind,
} from '@architect/db';
import type { DashboardDeps } from '../deps';
import { json, parse } from './handle';

const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().min(1).max(max);
const csrf = { _csrf: z.string().optional() };

const projectSchema = z
  .object({ name: text(100), path: text(4096).optional(), source_path: text(4096).optional(), description: text(10_000).optional(), priority: z.number().int().min(-1000).max(1000).default(0), status: z.enum(projectStatuses).default('active'), ...csrf })
  .strict();

const fieldSchemas = {
  feature: { status: z.enum(featureStatuses), extra: { spec: text(100_000).optional(), estimated_hours: z.number().min(0).max(100_000).optional(), assigned_to: text(200).optional() } },
  bug: { status: z.enum(bugStatuses), extra: { severity: z.enum(bugSeverities).optional() } },
} as const;

function itemSchemas(kind: WorkItemKind) {
  const f = fieldSchemas[kind];
  const common = { description: text(100_000).optional(), priority: z.number().int().min(-1000).max(1000).optional(), ...f.extra, ...csrf };
  return {
    add: z.object({ project_id: z.number().int().min(1).optional(), project: text(100).optional(), title: text(500), status: f.status.optional(), ...common }).strict(),
    update: z.object({ title: text(500).optional(), status: f.status.optional(), from_status: f.status.optional(), ...common }).strict(),
    list: z.object({ project_id: id.optional(), status: f.status.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
  };
}

const sendSchema = z
  .object({ target: text(100).optional(), provider: z.enum(providers).optional(), specialty: text(100).optional(), priority: z.number().int().min(-100).max(100).default(0), ...csrf })
  .strict();

/** Projects, features and bugs (the seed's /api/projects and /api/features, and /api/bugs). */
export function registerPlanningApi(app: Express, d: DashboardDeps): void {
  app.get('/api/projects', json((req) => listProjects(d.db, { includeArchived: parse(z.object({ all: z.enum(['1', 'true']).optional() }), req.query).all !== undefined })));
  app.post(
    '/api/projects',
    json((req, res) => {
      const b = parse(projectSchema, req.body);
      const projectId = addProject(d.db, { name: b.name, path: b.path ?? b.source_path, description: b.description, priority: b.priority, status: b.status }, d.clock.now());
      res.locals.audit = { projectId };
      d.hub.poke();
      return { project_id: projectId };
    }),
  );
  app.get(
    '/api/projects/:id',
    json((req) => {
      const p = requireProject(d.db, parse(z.object({ id }), req.params).id);
      return { ...p, counts: projectCounts(d.db, p.id) };
    }),
  );
  app.post(
    '/api/projects/:id/archive',
    json((req) => {
      const p = archiveProject(d.db, parse(z.object({ id }), req.params).id, d.clock.now());
      d.hub.poke();
      return p;
    }),
  );
  for (const kind of ['feature', 'bug'] as const) registerItems(app, d, kind);
}

function registerItems(app: Express, d: DashboardDeps, kind: WorkItemKind): void {
  const base = `/api/${WORK_ITEMS[kind].table}`;
  const s = itemSchemas(kind);
  app.get(
    base,
    json((req) => {
      const q = parse(s.list, req.query);
      return listWorkItems(d.db, kind, { projectId: q.project_id, status: q.status, limit: q.limit });
    }),
  );
  app.post(
    base,
    json((req, res) => {
      const b = parse(s.add, req.body) as z.infer<typeof s.add> & Record<string, unknown>;
      const projectId = b.project_id ?? (b.project === undefined ? null : requireProject(d.db, b.project).id);
      const newId = addWorkItem(
        d.db,
        kind,
        { projectId, title: b.title, status: b.status, description: b.description, priority: b.priority, spec: b.spec as string | undefined, estimatedHours: b.estimated_hours as number | undefined, assignedTo: b.assigned_to as string | undefined, severity: b.severity as string | undefined },
        d.clock.now(),
      );
      res.locals.audit = { [`${kind}Id`]: newId };
      d.hub.poke();
      return { [`${kind}_id`]: newId };
    }),
  );
  app.get(
    `${base}/:id`,
    json((req) => {
      const itemId = parse(z.object({ id }), req.params).id;
      return { ...requireWorkItem(d.db, kind, itemId), prompts: linkedPrompts(d.db, kind, itemId) };
    }),
  );
  const update = json((req) => {
    const itemId = parse(z.object({ id }), req.params).id;
    const b = parse(s.update, req.body) as z.infer<typeof s.update> & Record<string, unknown>;
    const row = updateWorkItem(
      d.db,
      kind,
      itemId,
      { title: b.title, status: b.status, fromStatus: b.from_status, description: b.description, priority: b.priority, spec: b.spec as string | undefined, estimatedHours: b.estimated_hours as number | undefined, assignedTo: b.assigned_to as string | undefined, severity: b.severity as string | undefined },
      d.clock.now(),
    );
    d.hub.poke();
    return row;
  });
  app.put(`${base}/:id`, update);
  app.post(`${base}/:id/update`, update);
  app.post(
    `${base}/:id/send`,
    json((req, res) => {
      const itemId = parse(z.object({ id }), req.params).id;
      const b = parse(sendSchema, req.body);
      checkPromptRouting(d.config.file, b, 'dashboard');
      const r = sendWorkItem(d.db, kind, itemId, { targetSession: b.target ?? null, targetProvider: b.provider ?? null, requiredSpecialty: b.specialty ?? null, priority: b.priority }, d.clock.now());
      res.locals.audit = { promptId: r.promptId };
      d.hub.poke();
      return { prompt_id: r.promptId, [`${kind}_id`]: itemId, status: r.status };
    }),
  );
}
