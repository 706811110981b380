import type { NextFunction, Request, Response } from 'express';
import { toError, type Clock, type Logger } from '@architect/core';
import { recordAudit, type Db } from '@architect/db';
import { STATE_CHANGING } from './requestGuards';

const SECRET_FIELDS = new Set(['password', '_csrf', 'value', 'secret', 'token']);

/** What of a request body goes into the audit row: no secrets, short strings, a bounded size. */
function summarize(body: unknown): Record<string, unknown> | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>).slice(0, 20)) {
    if (SECRET_FIELDS.has(k)) continue;
    if (typeof v === 'string') out[k] = v.length > 300 ? `${v.slice(0, 300)}…` : v;
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
    else out[k] = Array.isArray(v) ? `[${v.length} items]` : '[object]';
  }
  return out;
}

/**
 * One audit_log row per state-changing request, refused ones included (a failed login, a bad
 * CSRF token, a rebinding attempt are worth seeing). Written when the response is done so
 * the outcome is known; routes may add `res.locals.audit` details (what was answered, ids).
 */
export function auditTrail(db: Db, clock: Clock, log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    // 'close' fires after 'finish', and also when the client went away before the response was
    // sent: an action taken for a client that hung up is audited all the same.
    res.once('close', () => {
      try {
        const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
        recordAudit(
          db,
          {
            actor: req.session?.user ?? 'anonymous',
            action: `${req.method} ${route}`.slice(0, 200),
            target: Object.keys(req.params ?? {}).length ? JSON.stringify(req.params).slice(0, 300) : null,
            details: { status: res.statusCode, ...(res.writableFinished ? {} : { aborted: true }), body: summarize(req.body), ...(res.locals.audit as Record<string, unknown> | undefined) },
            ip: req.ip ?? null,
          },
          clock.now(),
        );
      } catch (raw) {
        log.error({ err: toError(raw), path: req.path }, 'audit row not written');
      }
    });
    next();
  };
}
