import type { Express } from 'express';
import { z } from 'zod';
import { KILL_SWITCH_KEY, STUCK_MS, answerDialog, killSwitchState, readLiveDialog } from '@architect/approvals';
import { listApprovals, sessionsNeedingHuman, stuckSessions, writeFlag } from '@architect/db';
import { sessionNameSchema } from '../sessionName';
import type { DashboardDeps } from '../deps';
import { json, parse } from './handle';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), session: sessionNameSchema.optional() });
const killSchema = z.object({ on: z.boolean(), _csrf: z.string().optional() }).strict();
const answerSchema = z.object({ decision: z.enum(['approve', 'deny']), dialog: z.string().min(1).max(200), _csrf: z.string().optional() }).strict();

export function registerApprovalsApi(app: Express, d: DashboardDeps): void {
  app.get(
    '/api/approvals',
    json((req) => {
      const q = parse(listQuery, req.query);
      return listApprovals(d.db, { limit: q.limit, ...(q.session ? { session: q.session } : {}) });
    }),
  );
  app.get('/api/approvals/kill-switch', json(() => killSwitchState(d.db, d.config.file.autoConfirm)));
  app.post(
    '/api/approvals/kill-switch',
    json((req) => {
      const b = parse(killSchema, req.body);
      writeFlag(d.db, KILL_SWITCH_KEY, b.on, d.clock.now());
      d.hub.poke();
      return killSwitchState(d.db, d.config.file.autoConfirm);
    }),
  );

  app.get(
    '/api/needs-you',
    json(async () => {
      const waiting = sessionsNeedingHuman(d.db);
      const withDialogs = await Promise.all(
        waiting.map(async (s) => ({ ...s, dialog: s.state === 'waiting_input' ? ((await readLiveDialog(d.db, d.tmux, s.name).catch(() => undefined)) ?? null) : null })),
      );
      return { waiting: withDialogs, stuck: stuckSessions(d.db, d.clock.now(), STUCK_MS) };
    }),
  );
  app.post(
    '/api/needs-you/:session/answer',
    json(async (req, res) => {
      const { session } = parse(z.object({ session: sessionNameSchema }), req.params);
      const b = parse(answerSchema, req.body);
      const r = await answerDialog({ db: d.db, tmux: d.tmux, clock: d.clock, log: d.log }, { session, decision: b.decision, dialog: b.dialog, via: 'dashboard' });
      res.locals.audit = { decision: b.decision, option: r.option };
      d.hub.poke();
      return { session, decision: b.decision, option: r.option };
    }),
  );
}
