import type { Express } from 'express';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '@architect/core';
import { decideSuggestion, getSuggestion, listSuggestions } from '@architect/db';
import type { DashboardDeps } from '../deps';
import { json, parse } from './handle';
import { milestonesByProject, planDetail, planSummaries } from './planViews';

const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const decisionBody = z.object({ _csrf: z.string().optional() }).strict();

/** Plans (progress per phase, steps), milestones and suggestions: the dashboard side of `architect plans|milestones|suggestions`. */
export function registerPlansApi(app: Express, d: DashboardDeps): void {
  app.get('/api/plans', json(() => planSummaries(d.db)));
  app.get('/api/plans/:id', json((req) => planDetail(d.db, parse(z.object({ id }), req.params).id)));
  app.get('/api/milestones', json(() => milestonesByProject(d.db)));
  app.get(
    '/api/suggestions',
    json((req) => listSuggestions(d.db, { status: parse(z.object({ status: z.enum(['open', 'accepted', 'dismissed']).optional() }), req.query).status })),
  );
  for (const [verb, decision] of [
    ['accept', 'accepted'],
    ['dismiss', 'dismissed'],
  ] as const) {
    app.post(
      `/api/suggestions/:id/${verb}`,
      json((req, res) => {
        const suggestionId = parse(z.object({ id }), req.params).id;
        parse(decisionBody, req.body);
        // Same CAS as the CLI: only an open suggestion can be decided, once.
        if (!decideSuggestion(d.db, suggestionId, decision, d.clock.now())) {
          const s = getSuggestion(d.db, suggestionId);
          if (!s) throw new NotFoundError('suggestion', suggestionId);
          throw new ConflictError(`suggestion ${suggestionId} is already ${s.status}`, { id: suggestionId, status: s.status });
        }
        res.locals.audit = { suggestionId, decision };
        d.hub.poke();
        return { suggestion_id: suggestionId, status: decision };
      }),
    );
  }
}
