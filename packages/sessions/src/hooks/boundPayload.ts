/**
 * Hook payloads are stored for audit, so they are bounded: the fields Architect uses keep a
 * generous size (the turn's response, the prompt, the tool input), anything else is cut short,
 * deep structures are flattened, and transcripts are never copied (only their path).
 */
const FIELD_LIMITS: Record<string, number> = {
  last_assistant_message: 64 * 1024,
  prompt: 64 * 1024,
  tool_input: 32 * 1024,
  message: 4096,
  error_details: 4096,
};
const DEFAULT_STRING_LIMIT = 2048;
const MAX_DEPTH = 6;
const MAX_KEYS = 100;
const MAX_ITEMS = 100;

export function truncateText(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}…[truncated ${s.length - max} chars]`;
}

function bound(value: unknown, limit: number, depth: number): unknown {
  if (typeof value === 'string') return truncateText(value, limit);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => bound(v, limit, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`[${value.length - MAX_ITEMS} more items]`);
    return items;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries.slice(0, MAX_KEYS)) out[k] = bound(v, limit, depth + 1);
  if (entries.length > MAX_KEYS) out['…'] = `${entries.length - MAX_KEYS} more keys`;
  return out;
}

export function boundPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(payload).slice(0, MAX_KEYS)) {
    const limit = FIELD_LIMITS[k] ?? DEFAULT_STRING_LIMIT;
    // tool_input's strings (a Write's whole file content) share the field's budget.
    out[k] = k === 'tool_input' ? boundToolInput(v, limit) : bound(v, limit, 0);
  }
  return out;
}

function boundToolInput(v: unknown, limit: number): unknown {
  const bounded = bound(v, limit, 0);
  const json = JSON.stringify(bounded) ?? '';
  if (json.length <= limit) return bounded;
  // Still too big (several long fields): keep each string to an equal share.
  return bound(v, Math.max(256, Math.floor(limit / 8)), 0);
}
