import type { Db } from '../createDb';

export interface AttemptReason {
  attempt: number;
  session: string | null;
  reason: string;
  at: number;
}

export interface LostPrompt {
  id: number;
  promptId: number;
  content: string;
  attempts: number;
  reasons: AttemptReason[];
  createdAt: number;
}

/** History actions that end one attempt badly; each counts once in the session's failed_count. */
export const ATTEMPT_FAILURE_ACTIONS = ['timeout', 'session_gone', 'delivery_failed', 'agent_error'] as const;
export type AttemptFailure = (typeof ATTEMPT_FAILURE_ACTIONS)[number];
const FAILURE_ACTIONS = `(${ATTEMPT_FAILURE_ACTIONS.map((a) => `'${a}'`).join(',')})`;

/** The reason of every failed attempt, from the prompt's history (inside the failing transaction). */
export function attemptReasonsTx(db: Db, promptId: number): AttemptReason[] {
  const rows = db.sqlite
    .prepare(
      `SELECT session_name, action, details, created_at FROM assignment_history
       WHERE prompt_id = ? AND action IN ${FAILURE_ACTIONS} ORDER BY id`,
    )
    .all(promptId) as { session_name: string | null; action: string; details: string | null; created_at: number }[];
  return rows.map((r, i) => {
    const d = r.details ? (JSON.parse(r.details) as { attempt?: number; reason?: string }) : {};
    return { attempt: d.attempt ?? i + 1, session: r.session_name, reason: `${r.action}: ${d.reason ?? ''}`.trim(), at: r.created_at };
  });
}

/** Sessions where this prompt already failed an attempt, so a retry prefers somewhere else. */
export function failedSessionsByPrompt(db: Db, promptIds: readonly number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (promptIds.length === 0) return out;
  const rows = db.sqlite
    .prepare(
      `SELECT prompt_id, session_name FROM assignment_history
       WHERE action IN ${FAILURE_ACTIONS} AND prompt_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(promptIds)) as { prompt_id: number; session_name: string | null }[];
  for (const r of rows) {
    if (!r.session_name) continue;
    const list = out.get(r.prompt_id) ?? [];
    list.push(r.session_name);
    out.set(r.prompt_id, list);
  }
  return out;
}

export function listLostAndFound(db: Db, limit = 100): LostPrompt[] {
  const rows = db.sqlite.prepare('SELECT * FROM lost_and_found ORDER BY id DESC LIMIT ?').all(limit) as {
    id: number;
    prompt_id: number;
    content: string;
    attempts: number;
    reasons: string;
    created_at: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    promptId: r.prompt_id,
    content: r.content,
    attempts: r.attempts,
    reasons: JSON.parse(r.reasons) as AttemptReason[],
    createdAt: r.created_at,
  }));
}
