import type { Express } from 'express';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError, checkPromptRouting, providers } from '@architect/core';
import {
  cancelPrompt,
  enqueuePrompt,
  getPrompt,
  listLostAndFound,
  listPrompts,
  listSessionViews,
  lockPathProblem,
  promptHistory,
  promptStatuses,
  promptTextProblem,
  queuePage,
  queuePosition,
  retryPrompt,
  statusSummary,
} from '@architect/db';
import type { DashboardDeps } from '../deps';
import { json, parse } from './handle';

const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export const sendSchema = z
  .object({
    content: z.string().min(1).max(200_000),
    target: z.string().min(1).max(100).optional(),
    provider: z.enum(providers).optional(),
    specialty: z.string().min(1).max(100).optional(),
    priority: z.number().int().min(-100).max(100).default(0),
    timeoutMinutes: z.number().int().min(1).max(1440).default(30),
    maxAttempts: z.number().int().min(1).max(20).default(3),
    locks: z.array(z.string().min(1).max(1000)).max(100).default([]),
    _csrf: z.string().optional(),
  })
  .strict();

const listQuery = z.object({
  status: z.enum(promptStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const queueQuery = z.object({ offset: z.coerce.number().int().min(0).max(10_000_000).default(0), limit: z.coerce.number().int().min(1).max(500).default(50) });

/** The prompt queue and the seed's assigner endpoints. */
export function registerPromptsApi(app: Express, d: DashboardDeps): void {
  const send = json((req, res) => {
    const b = parse(sendSchema, req.body);
    const problem = promptTextProblem(b.content) ?? b.locks.map(lockPathProblem).find(Boolean);
    if (problem) throw new ValidationError(problem);
    checkPromptRouting(d.config.file, b, 'dashboard');
    const id = enqueuePrompt(
      d.db,
      {
        content: b.content,
        source: 'dashboard',
        priority: b.priority,
        targetSession: b.target ?? null,
        targetProvider: b.provider ?? null,
        requiredSpecialty: b.specialty ?? null,
        lockPaths: b.locks,
        maxAttempts: b.maxAttempts,
        timeoutMinutes: b.timeoutMinutes,
        timeoutSeconds: null,
      },
      d.clock.now(),
    );
    res.locals.audit = { promptId: id };
    d.hub.poke();
    return { prompt_id: id };
  });
  app.post('/api/assigner/send', send);
  app.post('/api/prompts', send);

  app.get('/api/assigner/status', json(() => statusSummary(d.db, d.clock.now())));
  app.get('/api/assigner/sessions', json(() => listSessionViews(d.db, { managedOnly: false })));

  app.get(
    '/api/prompts',
    json((req) => {
      const q = parse(listQuery, req.query);
      return listPrompts(d.db, { ...(q.status ? { status: q.status } : {}), limit: q.limit });
    }),
  );
  app.get(
    '/api/prompts/queue',
    json((req) => {
      const q = parse(queueQuery, req.query);
      return queuePage(d.db, q.offset, q.limit);
    }),
  );
  app.get(
    '/api/prompts/:id',
    json((req) => {
      const { id } = parse(idParam, req.params);
      const p = getPrompt(d.db, id);
      if (!p) throw new NotFoundError('prompt', id);
      const lost = listLostAndFound(d.db, 10_000).find((l) => l.promptId === id);
      return { ...p, position: queuePosition(d.db, id) ?? null, history: promptHistory(d.db, id), lostAndFound: lost?.reasons ?? null };
    }),
  );
  app.post(
    '/api/prompts/:id/cancel',
    json((req) => {
      const { id } = parse(idParam, req.params);
      const r = cancelPrompt(d.db, id, d.clock.now(), 'dashboard');
      if (!r.ok) {
        if (r.status === null) throw new NotFoundError('prompt', id);
        throw new ConflictError(`prompt ${id} is ${r.status}; only pending, assigned or in-progress prompts can be cancelled`);
      }
      d.hub.poke();
      return { prompt_id: id, status: 'cancelled', previous: r.previous };
    }),
  );
  app.post(
    '/api/prompts/:id/retry',
    json((req) => {
      const { id } = parse(idParam, req.params);
      const r = retryPrompt(d.db, id, d.clock.now(), 'dashboard');
      if (!r.ok) {
        if (r.status === null) throw new NotFoundError('prompt', id);
        throw new ConflictError(`prompt ${id} is ${r.status}; only failed or cancelled prompts can be retried`);
      }
      d.hub.poke();
      return { prompt_id: id, status: 'pending' };
    }),
  );
  app.get('/api/lost-and-found', json(() => listLostAndFound(d.db, 200)));
}
