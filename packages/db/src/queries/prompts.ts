import { ValidationError } from '@architect/core';
import type { PromptStatus } from '../schema/prompts';
import { immediate, type Db } from '../createDb';
import { lockPathProblem, normalizeLockPath } from './lockPatterns';
import { promptTextProblem } from './promptText';

export type DeliveryStep = 'typing' | 'typed' | 'submitted';

export interface PromptRow {
  id: number;
  content: string;
  source: string;
  priority: number;
  status: PromptStatus;
  targetSession: string | null;
  targetProvider: string | null;
  requiredSpecialty: string | null;
  lockPaths: string[];
  assignedSession: string | null;
  attempts: number;
  maxAttempts: number;
  timeoutMinutes: number;
  timeoutSeconds: number | null;
  delivery: DeliveryStep | null;
  notBefore: number | null;
  response: string | null;
  error: string | null;
  createdAt: number;
  assignedAt: number | null;
  startedAt: number | null;
  completedAt: number | null;
  updatedAt: number;
}

export interface HistoryRow {
  id: number;
  promptId: number;
  sessionName: string | null;
  action: string;
  details: Record<string, unknown> | null;
  createdAt: number;
}

export interface EnqueueInput {
  content: string;
  source?: string;
  priority?: number;
  targetSession?: string | null;
  targetProvider?: string | null;
  requiredSpecialty?: string | null;
  lockPaths?: string[];
  maxAttempts?: number;
  timeoutMinutes?: number;
  timeoutSeconds?: number | null;
}

export const ACTIVE_STATUSES = ['assigned', 'in_progress'] as const;

/** Effective timeout of one attempt, in milliseconds. */
export function promptTimeoutMs(p: Pick<PromptRow, 'timeoutMinutes' | 'timeoutSeconds'>): number {
  return p.timeoutSeconds !== null ? p.timeoutSeconds * 1000 : p.timeoutMinutes * 60_000;
}

/**
 * Inserts the prompt and its `queued` history row together; returns the new id. Every producer
 * (CLI, dashboard, orchestrator) goes through here, so the text rules hold for all of them.
 */
export function enqueuePrompt(db: Db, input: EnqueueInput, now: number): number {
  const problem = promptTextProblem(input.content) ?? (input.lockPaths ?? []).map(lockPathProblem).find(Boolean);
  if (problem) throw new ValidationError(problem);
  const lockPaths = [...new Set((input.lockPaths ?? []).map(normalizeLockPath))];
  return immediate(db, () => {
    const r = db.sqlite
      .prepare(
        `INSERT INTO prompts (content, source, priority, status, target_session, target_provider, required_specialty,
           lock_paths, max_attempts, timeout_minutes, timeout_seconds, created_at, updated_at)
         VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.content,
        input.source ?? 'cli',
        input.priority ?? 0,
        input.targetSession ?? null,
        input.targetProvider ?? null,
        input.requiredSpecialty ?? null,
        JSON.stringify(lockPaths),
        input.maxAttempts ?? 3,
        input.timeoutMinutes ?? 30,
        input.timeoutSeconds ?? null,
        now,
        now,
      );
    const id = Number(r.lastInsertRowid);
    addHistory(db, id, null, 'queued', { source: input.source ?? 'cli', priority: input.priority ?? 0 }, now);
    return id;
  });
}

/** Appends one assignment_history row; callers are already inside their transaction. */
export function addHistory(
  db: Db,
  promptId: number,
  session: string | null,
  action: string,
  details: Record<string, unknown> | null,
  now: number,
): void {
  db.sqlite
    .prepare('INSERT INTO assignment_history (prompt_id, session_name, action, details, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(promptId, session, action, details ? JSON.stringify(details) : null, now);
}

export function getPrompt(db: Db, id: number): PromptRow | undefined {
  const raw = db.sqlite.prepare('SELECT * FROM prompts WHERE id = ?').get(id) as RawPrompt | undefined;
  return raw && toPrompt(raw);
}

export interface ListPromptsOptions {
  status?: PromptStatus;
  limit?: number;
  includeArchived?: boolean;
}

/** Newest first. */
export function listPrompts(db: Db, opts: ListPromptsOptions = {}): PromptRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.status) {
    where.push('status = ?');
    args.push(opts.status);
  }
  if (!opts.includeArchived) where.push('archived = 0');
  const sql = `SELECT * FROM prompts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  return (db.sqlite.prepare(sql).all(...args, opts.limit ?? 100) as RawPrompt[]).map(toPrompt);
}

/** The queue in delivery order: highest priority first, then oldest. */
export function pendingPrompts(db: Db, now: number, limit = 200): PromptRow[] {
  return (
    db.sqlite
      .prepare(
        `SELECT * FROM prompts WHERE status = 'pending' AND (not_before IS NULL OR not_before <= ?)
         ORDER BY priority DESC, created_at ASC, id ASC LIMIT ?`,
      )
      .all(now, limit) as RawPrompt[]
  ).map(toPrompt);
}

/** Prompts a session holds right now (assigned or in progress). */
export function activePrompts(db: Db): PromptRow[] {
  return (
    db.sqlite.prepare("SELECT * FROM prompts WHERE status IN ('assigned','in_progress') ORDER BY id").all() as RawPrompt[]
  ).map(toPrompt);
}

/** Earliest time a backed-off pending prompt becomes eligible, for the loop's next wake-up. */
export function nextNotBefore(db: Db, now: number): number | undefined {
  const r = db.sqlite
    .prepare("SELECT min(not_before) AS t FROM prompts WHERE status = 'pending' AND not_before > ?")
    .get(now) as { t: number | null };
  return r.t ?? undefined;
}

export function promptHistory(db: Db, promptId: number): HistoryRow[] {
  const rows = db.sqlite
    .prepare('SELECT * FROM assignment_history WHERE prompt_id = ? ORDER BY id')
    .all(promptId) as { id: number; prompt_id: number; session_name: string | null; action: string; details: string | null; created_at: number }[];
  return rows.map((r) => ({
    id: r.id,
    promptId: r.prompt_id,
    sessionName: r.session_name,
    action: r.action,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    createdAt: r.created_at,
  }));
}

export interface RawPrompt {
  id: number;
  content: string;
  source: string;
  priority: number;
  status: PromptStatus;
  target_session: string | null;
  target_provider: string | null;
  required_specialty: string | null;
  lock_paths: string;
  assigned_session: string | null;
  attempts: number;
  max_attempts: number;
  timeout_minutes: number;
  timeout_seconds: number | null;
  delivery: DeliveryStep | null;
  not_before: number | null;
  response: string | null;
  error: string | null;
  created_at: number;
  assigned_at: number | null;
  started_at: number | null;
  completed_at: number | null;
  updated_at: number;
}

export function toPrompt(r: RawPrompt): PromptRow {
  return {
    id: r.id,
    content: r.content,
    source: r.source,
    priority: r.priority,
    status: r.status,
    targetSession: r.target_session,
    targetProvider: r.target_provider,
    requiredSpecialty: r.required_specialty,
    lockPaths: JSON.parse(r.lock_paths) as string[],
    assignedSession: r.assigned_session,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    timeoutMinutes: r.timeout_minutes,
    timeoutSeconds: r.timeout_seconds,
    delivery: r.delivery,
    notBefore: r.not_before,
    response: r.response,
    error: r.error,
    createdAt: r.created_at,
    assignedAt: r.assigned_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    updatedAt: r.updated_at,
  };
}
