import type { Db } from '../createDb';
import { immediate } from '../openSqlite';
import { enqueuePrompt, type EnqueueInput } from './prompts';
import { WORK_ITEMS, requireWorkItem, type WorkItemKind, type WorkItemRow } from './workItems';


export interface LinkedPrompt {
  prompt_id: number;
  status: string;
  assigned_session: string | null;
  attempts: number;
  created_at: number;
  completed_at: number | null;
}

/** The text the fleet receives for a feature or bug: what it is, then everything written about it. */
export function workItemPromptText(kind: WorkItemKind, w: WorkItemRow): string {
  const head = kind === 'feature' ? `Implement feature #${w.id}` : `Fix bug #${w.id}${w.severity ? ` (severity ${String(w.severity)})` : ''}`;
  const parts = [`${head}${w.project ? ` in project ${w.project}` : ''}: ${w.title}`];
  if (w.description) parts.push(String(w.description));
  if (kind === 'feature' && w.spec) parts.push(`Specification:\n${String(w.spec)}`);
  return parts.join('\n\n');
}

export type SendOptions = Omit<EnqueueInput, 'content' | 'source'>;

/**
 * Queues the item as a prompt, links the two and moves a draft feature / open bug to
 * in_progress (compare-and-swap), all in one transaction: a crash leaves all of it or none.
 */
export function sendWorkItem(db: Db, kind: WorkItemKind, id: number, opts: SendOptions, now: number): { promptId: number; status: string } {
  const spec = WORK_ITEMS[kind];
  return immediate(db, () => {
    const item = requireWorkItem(db, kind, id);
    const promptId = enqueuePrompt(db, { ...opts, content: workItemPromptText(kind, item), source: `${kind}:${id}` }, now);
    db.sqlite.prepare(`INSERT INTO work_item_prompts (prompt_id, ${kind}_id, created_at) VALUES (?, ?, ?)`).run(promptId, id, now);
    db.sqlite
      .prepare(`UPDATE ${spec.table} SET status = ?, updated_at = ? WHERE id = ? AND status = ?`)
      .run(spec.working, now, id, spec.initial);
    return { promptId, status: requireWorkItem(db, kind, id).status };
  });
}

export function linkedPrompts(db: Db, kind: WorkItemKind, id: number): LinkedPrompt[] {
  return db.sqlite
    .prepare(
      `SELECT p.id AS prompt_id, p.status, p.assigned_session, p.attempts, p.created_at, p.completed_at
       FROM work_item_prompts l JOIN prompts p ON p.id = l.prompt_id WHERE l.${kind}_id = ? ORDER BY p.id`,
    )
    .all(id) as LinkedPrompt[];
}
