import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { ArchitectError, ValidationError, toError, type Logger } from '@architect/core';

/** zod-parse a request part; a mismatch is a 400 listing every problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    throw new ValidationError('invalid input', { problems: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  return r.data;
}

/** A JSON route: the handler returns the body; thrown errors go to the error middleware. */
export function json(handler: (req: Request, res: Response) => unknown) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = await handler(req, res);
      if (!res.headersSent) res.json(body ?? { ok: true });
    } catch (err) {
      next(err);
    }
  };
}

const STATUS: Record<string, number> = { USAGE: 400, VALIDATION: 400, NOT_FOUND: 404, CONFLICT: 409, RETRY_LATER: 503 };

/**
 * The last middleware. Bad input of any kind — malformed JSON, an oversized body, a wrong type —
 * is a JSON 4xx; only our own bugs are 5xx (logged with the request).
 */
export function errorHandler(log: Logger) {
  return (raw: unknown, req: Request, res: Response, _next: NextFunction) => {
    const err = toError(raw);
    let status = 500;
    let code = 'internal';
    let extra: Record<string, unknown> = {};
    const httpStatus = (raw as { status?: unknown; statusCode?: unknown }).status ?? (raw as { statusCode?: unknown }).statusCode;
    if (err instanceof ArchitectError) {
      status = STATUS[err.code] ?? (err.code.startsWith('TMUX') ? 502 : 500);
      code = err.code.toLowerCase();
      if (err.code === 'VALIDATION' && Array.isArray(err.data.problems)) extra = { problems: err.data.problems };
    } else if (typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
      // body-parser and express errors: malformed JSON, too large, bad charset, ...
      status = httpStatus;
      code = String((raw as { type?: unknown }).type ?? 'bad_request');
    }
    if (status >= 500) log.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    res.status(status).json({ error: code, message: status >= 500 && !(err instanceof ArchitectError) ? 'internal error' : err.message, ...extra });
  };
}
