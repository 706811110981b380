import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Methods that change state: each needs an exact Origin and the session's CSRF token. */
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function refuse(res: Response, status: number, error: string, message: string): void {
  res.status(status).json({ error, message });
}

/**
 * Host allowlist on every request. A DNS-rebinding page reaches us under its own name
 * (`Host: evil.example`), so comparing Origin with Host proves nothing; the Host itself must be
 * one we serve.
 */
export function hostAllowlist(allowed: ReadonlySet<string>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowed.has(host)) return refuse(res, 403, 'host_not_allowed', 'this Host is not served here (see dashboard.allowedHosts)');
    next();
  };
}

/** Exact Origin on every state change; a missing Origin is refused, not waved through. */
export function originCheck(allowed: ReadonlySet<string>) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const origin = req.headers.origin;
    if (!origin) return refuse(res, 403, 'origin_missing', 'a state change needs an Origin header');
    if (!allowed.has(origin.toLowerCase())) return refuse(res, 403, 'origin_not_allowed', 'this Origin may not change anything here');
    next();
  };
}

export function newCsrfToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Synchronizer token: the session's token must come back in a header or the form body. */
export function csrfCheck() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const expected = req.session?.csrf;
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
    const given = req.get('x-csrf-token') ?? fromBody;
    if (!expected || !given || !sameToken(expected, given)) return refuse(res, 403, 'csrf', 'missing or wrong CSRF token (reload the page)');
    next();
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Everything after this needs a logged-in session: JSON 401 for the API, a redirect for pages. */
export function requireLogin() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.session?.user) return next();
    if (req.method === 'GET' && !req.path.startsWith('/api/') && !req.path.startsWith('/events') && req.accepts(['html', 'json']) === 'html') {
      res.redirect(302, '/login');
      return;
    }
    refuse(res, 401, 'login_required', 'log in first');
  };
}
