/**
 * Checkbox items in TODO.md, ROADMAP.md and plan files: headings are phases, `- [ ]` items are
 * open tasks, `- [x]` items are counted as done (they give a phase its progress) but are not items.
 */
export interface ChecklistItem {
  text: string;
  phase: string;
  line: number;
  done: boolean;
}

const HEADING = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;
const CHECKBOX = /^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.+?)\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;

/** Markdown files that are read as checklists: TODO.md, ROADMAP.md, *plan*.md, anything under plans/. */
export function isChecklistFile(file: string): boolean {
  const lower = file.toLowerCase();
  if (!lower.endsWith('.md') && !lower.endsWith('.markdown')) return false;
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  return /^(todo|roadmap)\.(md|markdown)$/.test(base) || base.includes('plan') || /(^|\/)plans\//.test(lower);
}

export function scanChecklist(source: string, fallbackPhase: string): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  // The deepest heading above an item names its phase; a document title (the only h1) is skipped
  // when deeper headings exist, so "# Roadmap / ## Phase 1" gives "Phase 1".
  let phase = fallbackPhase;
  let inFence = false;
  const lines = source.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const h = HEADING.exec(line);
    if (h) {
      phase = h[2]!;
      continue;
    }
    const c = CHECKBOX.exec(line);
    if (c) items.push({ text: c[2]!, phase, line: n + 1, done: c[1] !== ' ' });
  }
  return items;
}
