import crypto from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { Gauge, Registry } from 'prom-client';
import { countWebSessions, listWorkers, openOutageCount, sessionsNeedingHuman, statusSummary } from '@architect/db';
import type { DashboardDeps } from '../deps';

/**
 * /metrics for Prometheus: gauges computed from the database at scrape time (the dashboard
 * keeps no counters of its own, so a restart loses nothing). Readable with a login session or
 * with `Authorization: Bearer <dashboard.metricsToken>`.
 */
export function registerMetrics(app: Express, d: DashboardDeps): void {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[], collect: (g: Gauge) => void) =>
    new Gauge({ name, help, labelNames, registers: [registry], collect() { this.reset(); collect(this); } });
  let summary: ReturnType<typeof statusSummary> | undefined;
  gauge('architect_prompts', 'Prompts by status (active ones; finished ones: today)', ['status'], (g) => {
    summary = statusSummary(d.db, d.clock.now());
    const s = summary;
    g.set({ status: 'pending' }, s.pending);
    g.set({ status: 'assigned' }, s.assigned);
    g.set({ status: 'in_progress' }, s.in_progress);
    g.set({ status: 'completed_today' }, s.completed_today);
    g.set({ status: 'failed_today' }, s.failed_today);
    g.set({ status: 'cancelled_today' }, s.cancelled_today);
  });
  gauge('architect_sessions', 'Managed sessions by state', ['state'], (g) => {
    for (const [k, v] of Object.entries((summary ?? statusSummary(d.db, d.clock.now())).sessions)) g.set({ state: k }, v);
  });
  gauge('architect_tasks', 'Tasks by status', ['status'], (g) => {
    for (const [k, v] of Object.entries((summary ?? statusSummary(d.db, d.clock.now())).tasks)) g.set({ status: k }, v);
  });
  gauge('architect_lost_and_found', 'Prompts in lost and found', [], (g) => g.set((summary ?? statusSummary(d.db, d.clock.now())).lost_and_found));
  gauge('architect_workers', 'Registered workers by liveness', ['state'], (g) => {
    const workers = listWorkers(d.db, d.clock.now());
    g.set({ state: 'running' }, workers.filter((w) => w.status === 'running' && !w.stale).length);
    g.set({ state: 'stale' }, workers.filter((w) => w.stale).length);
  });
  gauge('architect_sessions_needing_human', 'Sessions waiting for a human', [], (g) => g.set(sessionsNeedingHuman(d.db).length));
  gauge('architect_open_outages', 'Open outages', [], (g) => g.set(openOutageCount(d.db)));
  gauge('architect_dashboard_logins', 'Live dashboard login sessions', [], (g) => g.set(countWebSessions(d.db, d.clock.now())));

  const token = d.config.file.dashboard.metricsToken;
  app.get('/metrics', async (req: Request, res: Response) => {
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const tokenOk = token !== undefined && bearer !== undefined && bearer.length === token.length && crypto.timingSafeEqual(Buffer.from(bearer), Buffer.from(token));
    if (!tokenOk && !req.session?.user) return res.status(401).json({ error: 'login_required', message: 'log in or send the metrics token' });
    summary = undefined;
    res.type(registry.contentType).send(await registry.metrics());
  });
}
