import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { verifyPassword } from '@architect/core';
import { readPasswordHash } from '@architect/db';
import type { DashboardDeps } from '../deps';
import { loginPage } from '../pages/loginPage';
import type { LoginThrottle } from './loginThrottle';
import { newCsrfToken } from './requestGuards';

const loginSchema = z.object({ password: z.string().max(1024), _csrf: z.string().optional() });

export const SESSION_COOKIE = 'architect.sid';

/** Login and logout: the only routes (with /health) reachable without a session. */
export function registerAuthRoutes(app: Express, d: DashboardDeps, throttle: LoginThrottle): void {
  app.get('/login', (req: Request, res: Response) => {
    if (req.session.user) return res.redirect(302, '/');
    // An anonymous session carries the login form's CSRF token; it is replaced at login.
    req.session.csrf ??= newCsrfToken();
    res.type('html').send(loginPage(req.session.csrf, typeof req.query.error === 'string' ? req.query.error : undefined).value);
  });

  app.post('/login', (req: Request, res: Response) => {
    const wantsJson = req.is('application/json') !== false && req.is('application/json') !== null;
    const fail = (status: number, error: string, message: string) => {
      if (wantsJson) return res.status(status).json({ error, message });
      return res.redirect(303, `/login?error=${encodeURIComponent(message)}`);
    };
    const client = req.ip ?? 'unknown';
    const wait = throttle.retryAfterMs(client);
    if (wait > 0) {
      res.set('Retry-After', String(Math.ceil(wait / 1000)));
      return fail(429, 'throttled', 'too many failed logins; try again later');
    }
    const parsed = loginSchema.safeParse(req.body ?? {});
    const hash = readPasswordHash(d.db);
    if (!parsed.success || !hash || !verifyPassword(parsed.data.password, hash)) {
      throttle.fail(client);
      res.locals.audit = { login: 'failed' };
      return fail(401, 'bad_password', 'wrong password');
    }
    throttle.succeed(client);
    res.locals.audit = { login: 'ok' };
    // A new session id at login: a session id planted before login (fixation) is worthless.
    req.session.regenerate((err) => {
      if (err) return fail(500, 'internal', 'could not start a session');
      req.session.user = 'admin';
      req.session.csrf = newCsrfToken();
      req.session.loginAt = d.clock.now();
      req.session.save((err2) => {
        if (err2) return fail(500, 'internal', 'could not save the session');
        if (wantsJson) return res.json({ ok: true, csrf: req.session.csrf });
        res.redirect(303, '/');
      });
    });
  });

  app.post('/logout', (req: Request, res: Response) => {
    req.session.destroy(() => {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      if (req.is('application/json')) return res.json({ ok: true });
      res.redirect(303, '/login');
    });
  });
}
