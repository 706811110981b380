/** How the old system's loosely typed values become ours. */

/** The old vault's "encryption": each character's code point XOR 42 (seed docs, get_secret). */
export function xor42(text: string): string {
  return Array.from(text, (ch) => String.fromCodePoint(ch.codePointAt(0)! ^ 42)).join('');
}

/** SQLite TIMESTAMP text ("YYYY-MM-DD HH:MM:SS", UTC, as CURRENT_TIMESTAMP writes it) or epoch numbers. */
export function legacyTime(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? Math.round(v * 1000) : Math.round(v);
  if (typeof v !== 'string' || v.trim() === '') return null;
  const t = v.trim();
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t.replace(' ', 'T')}Z` : t;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return s.trim() === '' ? null : s;
}

export function int(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** A status we know as-is, a known synonym, or the fallback (reported as remapped). */
export function mapStatus(v: unknown, allowed: readonly string[], synonyms: Record<string, string>, fallback: string): { status: string; remapped: boolean } {
  const s = String(v ?? '').trim().toLowerCase().replace(/[-\s]+/g, '_');
  if (allowed.includes(s)) return { status: s, remapped: false };
  if (synonyms[s]) return { status: synonyms[s]!, remapped: false };
  return { status: fallback, remapped: true };
}

export const FEATURE_SYNONYMS: Record<string, string> = { planned: 'draft', todo: 'draft', new: 'draft', active: 'in_progress', doing: 'in_progress', done: 'completed', complete: 'completed' };
export const BUG_SYNONYMS: Record<string, string> = { new: 'open', todo: 'open', active: 'in_progress', resolved: 'fixed', done: 'fixed', wontfix: 'closed', won_t_fix: 'closed' };
export const PROMPT_TERMINAL = ['completed', 'failed', 'cancelled'] as const;
