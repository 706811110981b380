/** A milestone item, its stable signature and its estimate. */
import { createHash } from 'node:crypto';
import type { ScannedItem } from '@architect/db';

/** The row shape the database records, with the two kinds a scan produces. */
export interface MilestoneItem extends ScannedItem {
  kind: 'comment' | 'checkbox';
}

/**
 * Estimated hours, a deliberately simple documented rule (docs/milestones.md): a base per tag —
 * BUG 3, FIXME 2, HACK 1.5, XXX 1, TODO 1, checkbox item 2 — times 1.5 when the text is longer
 * than 100 characters (a long description usually means a larger change).
 */
const BASE_HOURS: Record<string, number> = { BUG: 3, FIXME: 2, HACK: 1.5, XXX: 1, TODO: 1, CHECKBOX: 2 };

export function estimateHours(tag: string, text: string): number {
  const base = BASE_HOURS[tag] ?? 1;
  return text.length > 100 ? base * 1.5 : base;
}

/** Comments have no heading: their phase comes from what the tag asks for. */
export function commentPhase(tag: string): string {
  if (tag === 'BUG' || tag === 'FIXME') return 'Fixes';
  if (tag === 'HACK' || tag === 'XXX') return 'Cleanup';
  return 'Backlog';
}

/**
 * Tag, normalised text and file — not the line, so an item keeps its identity when code moves.
 * The same text twice in one file is told apart by its occurrence number.
 */
export function signatureOf(tag: string, text: string, file: string, occurrence: number): string {
  const norm = text.replace(/\s+/g, ' ').trim().toLowerCase();
  return createHash('sha256').update(`${tag}\0${norm}\0${file}\0${occurrence}`).digest('hex').slice(0, 24);
}

/** Assigns signatures in file order, numbering repeats of the same (tag, text, file). */
export class SignatureCounter {
  private readonly seen = new Map<string, number>();

  next(tag: string, text: string, file: string): string {
    const key = `${tag}\0${text.replace(/\s+/g, ' ').trim().toLowerCase()}\0${file}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return signatureOf(tag, text, file, n);
  }
}
