import type { Db } from '../createDb';

export interface PromptInteraction {
  session: string;
  promptId: number;
  /** prompt_delivered | enter_retry | composer_cleared */
  kind: string;
  via?: string | null;
  screenHash?: string | null;
  outcome?: string | null;
  details?: Record<string, unknown>;
  now: number;
}

/** One row in `interactions` for a key Architect pressed in a session on behalf of a prompt. */
export function recordPromptInteraction(db: Db, i: PromptInteraction): number {
  const r = db.sqlite
    .prepare(
      `INSERT INTO interactions (session_name, kind, prompt_id, outcome, via, screen_hash, details, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(i.session, i.kind, i.promptId, i.outcome ?? null, i.via ?? null, i.screenHash ?? null, i.details ? JSON.stringify(i.details) : null, i.now);
  return Number(r.lastInsertRowid);
}
