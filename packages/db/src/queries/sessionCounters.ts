/**
 * Session counters move only inside the transaction that moves the prompt (callers are already
 * in one), so completed_count / failed_count always equal the session's completed and
 * failed-attempt rows in assignment_history.
 */
import type { Db } from '../createDb';

/** Frees the session only if it still points at this prompt. */
export function clearCurrentPromptTx(db: Db, session: string, promptId: number, now: number): void {
  db.sqlite
    .prepare('UPDATE sessions SET current_prompt_id = NULL, updated_at = ? WHERE name = ? AND current_prompt_id = ?')
    .run(now, session, promptId);
}

export function recordCompletionTx(db: Db, session: string, promptId: number, durationMs: number, now: number): void {
  db.sqlite
    .prepare(
      `UPDATE sessions SET
         completed_count = completed_count + 1,
         total_completion_ms = total_completion_ms + @d,
         avg_completion_ms = (total_completion_ms + @d) / (completed_count + 1),
         success_rate = CAST(completed_count + 1 AS REAL) / (completed_count + 1 + failed_count),
         current_prompt_id = CASE WHEN current_prompt_id = @p THEN NULL ELSE current_prompt_id END,
         updated_at = @now
       WHERE name = @s`,
    )
    .run({ d: durationMs, p: promptId, s: session, now });
}

export function recordAttemptFailureTx(db: Db, session: string, promptId: number, now: number): void {
  db.sqlite
    .prepare(
      `UPDATE sessions SET
         failed_count = failed_count + 1,
         success_rate = CAST(completed_count AS REAL) / (completed_count + failed_count + 1),
         current_prompt_id = CASE WHEN current_prompt_id = @p THEN NULL ELSE current_prompt_id END,
         updated_at = @now
       WHERE name = @s`,
    )
    .run({ p: promptId, s: session, now });
}
