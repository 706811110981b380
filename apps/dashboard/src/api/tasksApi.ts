import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '@architect/core';
import { enqueueTask, getTask, listTasks, requestCancel, taskStatuses, taskTypes } from '@architect/db';
import type { DashboardDeps } from '../deps';
import { json, parse } from './handle';

const addSchema = z
  .object({
    type: z.enum(taskTypes).default('shell'),
    command: z.string().min(1).max(100_000),
    cwd: z.string().min(1).max(4096),
    priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
    timeoutSeconds: z.number().int().min(1).max(604_800).optional(),
    maxAttempts: z.number().int().min(1).max(100).optional(),
    _csrf: z.string().optional(),
  })
  .strict();

const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const listQuery = z.object({ status: z.enum(taskStatuses).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });

export function registerTasksApi(app: Express, d: DashboardDeps): void {
  app.get(
    '/api/tasks',
    json((req) => {
      const q = parse(listQuery, req.query);
      // The list leaves output out (it can be 32 KB per task); /api/tasks/:id/output has it.
      return listTasks(d.db, { ...(q.status ? { status: q.status } : {}), limit: q.limit }).map(({ outputHead: _h, outputTail: _t, ...t }) => t);
    }),
  );
  app.post(
    '/api/tasks',
    json((req, res) => {
      const b = parse(addSchema, req.body);
      if (!path.isAbsolute(b.cwd)) throw new ValidationError('cwd must be an absolute path');
      if (!isDirectory(b.cwd)) throw new ValidationError(`working directory does not exist: ${b.cwd}`);
      const defaults = d.config.file.taskWorker;
      const id = enqueueTask(
        d.db,
        {
          type: b.type,
          payload: { command: b.command, cwd: b.cwd },
          priority: b.priority,
          maxAttempts: b.maxAttempts ?? defaults.maxAttempts,
          timeoutSeconds: b.timeoutSeconds ?? defaults.defaultTimeoutSeconds,
        },
        d.clock.now(),
      );
      res.locals.audit = { taskId: id };
      d.hub.poke();
      return { task_id: id };
    }),
  );
  app.get(
    '/api/tasks/:id/output',
    json((req) => {
      const { id } = parse(idParam, req.params);
      const t = getTask(d.db, id);
      if (!t) throw new NotFoundError('task', id);
      return { id, status: t.status, exitCode: t.exitCode, outputBytes: t.outputBytes, outputHead: t.outputHead, outputTail: t.outputTail };
    }),
  );
  app.post(
    '/api/tasks/:id/cancel',
    json((req) => {
      const { id } = parse(idParam, req.params);
      if (!getTask(d.db, id)) throw new NotFoundError('task', id);
      const status = requestCancel(d.db, id, d.clock.now());
      d.hub.poke();
      return { task_id: id, status };
    }),
  );
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
