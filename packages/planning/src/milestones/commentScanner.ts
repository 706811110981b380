/**
 * Finds TODO / FIXME / HACK / XXX / BUG markers in comments. A small per-line state machine
 * tracks single-line strings and block comments, so `"// TODO"` inside a string literal is not an
 * item. Multi-line strings (Python triple quotes, template literals over lines) are not tracked:
 * the cheap cases are handled, the rare ones may yield an extra item.
 */
import type { CommentSyntax } from './commentSyntax';

export const TAGS = ['TODO', 'FIXME', 'HACK', 'XXX', 'BUG'] as const;
export type Tag = (typeof TAGS)[number];

export interface CommentHit {
  tag: Tag;
  text: string;
  owner: string | null;
  line: number;
}

// The tag opens the comment body (after decoration such as `*`, `-`, `#`), or is followed by ':'
// or '(owner)'; "the BUG report" in prose is not an item.
const AT_START = /^[\s*#!/;%-]*\b(TODO|FIXME|HACK|XXX|BUG)\b(?:\(([^)]{1,64})\))?\s*[:\-]?\s*(.*)$/;
const ANYWHERE = /\b(TODO|FIXME|HACK|XXX|BUG)(?:\(([^)]{1,64})\))?:\s*(.*)$/;

function hitIn(body: string, line: number): CommentHit | undefined {
  const m = AT_START.exec(body) ?? ANYWHERE.exec(body);
  if (!m) return undefined;
  const text = m[3]!.replace(/\s*(\*\/|-->)\s*$/, '').trim();
  return { tag: m[1] as Tag, owner: m[2]?.trim() || null, text, line };
}

/** The comment bodies on one line, given whether a block comment was open at its start. */
function commentBodies(line: string, syntax: CommentSyntax, open: [string, string] | null): { bodies: string[]; open: [string, string] | null } {
  const bodies: string[] = [];
  let i = 0;
  let quote: string | null = null;
  if (open) {
    const end = line.indexOf(open[1]);
    if (end < 0) return { bodies: [line], open };
    bodies.push(line.slice(0, end));
    i = end + open[1].length;
    open = null;
  }
  while (i < line.length) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') i += 2;
      else {
        if (ch === quote) quote = null;
        i++;
      }
      continue;
    }
    if (syntax.quotes.includes(ch)) {
      quote = ch;
      i++;
      continue;
    }
    const lineMarker = syntax.line.find((m) => line.startsWith(m, i));
    if (lineMarker) {
      bodies.push(line.slice(i + lineMarker.length));
      break;
    }
    const block = syntax.block.find(([start]) => line.startsWith(start, i));
    if (block) {
      const from = i + block[0].length;
      const end = line.indexOf(block[1], from);
      if (end < 0) {
        bodies.push(line.slice(from));
        open = block;
        break;
      }
      bodies.push(line.slice(from, end));
      i = end + block[1].length;
      continue;
    }
    i++;
  }
  return { bodies, open };
}

export function scanComments(source: string, syntax: CommentSyntax): CommentHit[] {
  const hits: CommentHit[] = [];
  let open: [string, string] | null = null;
  const lines = source.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const r = commentBodies(lines[n]!, syntax, open);
    open = r.open;
    for (const body of r.bodies) {
      const hit = hitIn(body, n + 1);
      if (hit) hits.push(hit);
    }
  }
  return hits;
}
