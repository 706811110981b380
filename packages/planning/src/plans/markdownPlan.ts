/**
 * The Markdown plan format (docs/orchestrator.md):
 *
 *   # Plan name
 *   project: web            (optional, before the first phase; also max-attempts: N)
 *   ## Phase 1: Setup       (any deeper heading is a phase)
 *   - [ ] Add the parser    (a step; its text is the prompt; [x] = already done)
 *     id: parser            (indented key lines belong to the step above)
 *     after: setup, lint
 *     verify: pnpm test
 *     target: specialty:backend
 *     More indented text is appended to the prompt.
 */
import { PlanParseError, checkGraph, firstLine, parseTarget, type PlanSpec, type StepSpec } from './planSpec';

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const STEP = /^(?:[-*+]|\d+[.)])\s+(?:\[([ xX])\]\s+)?(.+)$/;
const KEY = /^(id|after|verify|target|prompt):\s*(.*)$/i;
const PLAN_KEY = /^(project|max-attempts):\s*(.+)$/i;
const STEP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function fromMarkdown(text: string, source: string): PlanSpec {
  const problems: string[] = [];
  const spec: PlanSpec = { name: '', project: null, maxAttempts: null, phases: [] };
  let step: (StepSpec & { line: number; explicitPrompt: boolean }) | undefined;
  let inFence = false;
  let n = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\s+$/, '');
    const at = `line ${i + 1}`;
    // Code blocks are never steps or headings; indented under a step they are part of its prompt.
    const fence = /^\s*(```|~~~)/.test(raw);
    if (fence) inFence = !inFence;
    if (fence || inFence) {
      if (step && /^\s+/.test(raw)) step.prompt += `\n${raw.trim()}`;
      continue;
    }
    if (raw.trim() === '') continue;
    const h = HEADING.exec(raw);
    if (h) {
      step = undefined;
      if (h[1] === '#' && !spec.name) spec.name = h[2]!.replace(/^plan:\s*/i, '');
      else spec.phases.push({ name: h[2]!, steps: [] });
      continue;
    }
    const indented = /^\s+/.test(raw);
    const s = indented ? undefined : STEP.exec(raw);
    if (s) {
      const phase = spec.phases[spec.phases.length - 1];
      if (!phase) {
        problems.push(`${at}: a step before the first phase heading (## ...)`);
        continue;
      }
      n++;
      step = { id: `s${n}`, title: firstLine(s[2]!), prompt: s[2]!.trim(), target: {}, after: [], verify: null, done: s[1] !== undefined && s[1] !== ' ', line: i + 1, explicitPrompt: false };
      phase.steps.push(step);
      continue;
    }
    const body = raw.trim().replace(/^[-*+]\s+/, '');
    const k = KEY.exec(body);
    if (step && indented) {
      if (!k) {
        step.prompt += `\n${body}`;
        continue;
      }
      const key = k[1]!.toLowerCase();
      const value = k[2]!.trim();
      if (key === 'id') {
        if (!STEP_ID.test(value)) problems.push(`${at}: step id "${value}" may hold letters, digits, . _ - (max 64)`);
        else step.id = value;
      } else if (key === 'after') {
        step.after = value.split(/[,\s]+/).filter(Boolean);
      } else if (key === 'verify') {
        if (!value) problems.push(`${at}: verify: needs a command`);
        else step.verify = value;
      } else if (key === 'target') {
        const t = parseTarget(value);
        if (typeof t === 'string') problems.push(`${at}: ${t}`);
        else step.target = t;
      } else if (key === 'prompt') {
        // An explicit prompt replaces the checkbox text (which stays the title).
        step.prompt = step.explicitPrompt ? `${step.prompt}\n${value}` : value;
        step.explicitPrompt = true;
      }
      continue;
    }
    const p = PLAN_KEY.exec(body);
    if (p && spec.phases.length === 0) {
      if (p[1]!.toLowerCase() === 'project') spec.project = p[2]!.trim();
      else {
        const v = Number(p[2]);
        if (!Number.isInteger(v) || v < 1 || v > 20) problems.push(`${at}: max-attempts must be an integer from 1 to 20`);
        else spec.maxAttempts = v;
      }
      continue;
    }
    // Other prose (descriptions under a heading) is allowed and ignored.
  }
  if (!spec.name) problems.push('the plan needs a name: a first-level heading (# Name)');
  if (spec.phases.length === 0) problems.push('the plan needs at least one phase: a heading (## Phase) with steps (- [ ] ...) under it');
  for (const ph of spec.phases) if (ph.steps.length === 0) problems.push(`phase "${ph.name}" has no steps`);
  for (const st of spec.phases.flatMap((ph) => ph.steps)) if (!st.prompt.trim()) problems.push(`step "${st.id}" has an empty prompt`);
  if (problems.length) throw new PlanParseError(source, problems);
  spec.phases = spec.phases.map((ph) => ({ name: ph.name, steps: ph.steps.map(({ id, title, prompt, target, after, verify, done }) => ({ id, title, prompt, target, after, verify, done })) }));
  return checkGraph(spec, source);
}
