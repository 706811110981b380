import type { Express } from 'express';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '@architect/core';
import {
  countInteractionsSince,
  finishedSeries,
  getSession,
  latestHealthChecks,
  alertRows,
  listAudit,
  listLocks,
  outageRows,
  planningCounts,
  listSmsMessages,
  listWorkers,
  promptTextProblem,
  releaseLock,
  statusSummary,
  stripTerminalControls,
} from '@architect/db';
import { classifyScreen, type Provider } from '@architect/tmux';
import type { DashboardDeps } from '../deps';
import { sessionNameSchema } from '../sessionName';
import { json, parse } from './handle';

const HOUR = 3_600_000;
const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const tmuxSendSchema = z
  .object({ session: sessionNameSchema, text: z.string().min(1).max(16_384), enter: z.boolean().default(true), _csrf: z.string().optional() })
  .strict();

/** Everything read-only around the queue, plus lock release and the seed's /api/tmux/send. */
export function registerSystemApi(app: Express, d: DashboardDeps): void {
  app.get(
    '/api/stats',
    json(() => {
      const now = d.clock.now();
      const series = finishedSeries(d.db, now - 24 * HOUR, HOUR, now);
      const done = series.reduce((a, p) => a + p.completed, 0);
      const failed = series.reduce((a, p) => a + p.failed, 0);
      return {
        ...statusSummary(d.db, now),
        ...planningCounts(d.db),
        last24h: { completed: done, failed, successRate: done + failed ? done / (done + failed) : null },
        interactionsLastHour: countInteractionsSince(d.db, now - HOUR),
        series,
      };
    }),
  );
  app.get('/api/workers', json(() => listWorkers(d.db, d.clock.now())));
  app.get('/api/locks', json(() => listLocks(d.db, d.clock.now())));
  app.post(
    '/api/locks/:id/release',
    json((req) => {
      const { id } = parse(idParam, req.params);
      if (!releaseLock(d.db, id)) throw new NotFoundError('lock', id);
      d.hub.poke();
      return { lock_id: id, released: true };
    }),
  );
  app.get('/api/health', json(() => ({ checks: latestHealthChecks(d.db), outages: outageRows(d.db, 50) })));
  app.get('/api/outages', json(() => outageRows(d.db, 200)));
  app.get('/api/alerts', json(() => alertRows(d.db, 200)));
  app.get('/api/sms', json(() => listSmsMessages(d.db, 200)));
  app.get('/api/audit', json(() => listAudit(d.db, 200)));

  app.get(
    '/api/sessions/:session/screen',
    json(async (req) => {
      const { session } = parse(z.object({ session: sessionNameSchema }), req.params);
      if (!getSession(d.db, session)) throw new NotFoundError('session', session);
      return { session, screen: await d.tmux.capture(session) };
    }),
  );

  app.post(
    '/api/tmux/send',
    json(async (req) => {
      const b = parse(tmuxSendSchema, req.body);
      const s = getSession(d.db, b.session);
      if (!s || !s.managed) throw new NotFoundError('session', b.session);
      const text = stripTerminalControls(b.text);
      const problem = promptTextProblem(text);
      if (problem) throw new ValidationError(problem);
      if (text.includes('\n')) throw new ValidationError('one line only (queue multi-line prompts with /api/assigner/send)');
      // Never type into a shell where an agent used to be (SPEC §11), nor into a dialog or a
      // screen we cannot read: look right before typing.
      const cls = classifyScreen(s.provider as Provider, await d.tmux.capture(b.session));
      if (cls.state !== 'idle' && cls.state !== 'busy') {
        throw new ConflictError(`session ${b.session} shows ${cls.detail === 'agent-exited' ? 'a shell, not its agent' : `a ${cls.state} screen`}; nothing typed`);
      }
      await d.tmux.sendLiteral(b.session, text);
      if (b.enter) await d.tmux.sendKey(b.session, 'Enter');
      return { session: b.session, typed: text.length, enter: b.enter };
    }),
  );
}
