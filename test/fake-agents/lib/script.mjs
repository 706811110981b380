// The turn script: what the fake agent "does" with each prompt. See ../README.md.
import { readFileSync } from 'node:fs';

const DEFAULT_BEHAVIOUR = { workMs: 1000, reply: 'done: {prompt}' };

/**
 * Loads the script from `--script <file>` or FAKE_AGENT_SCRIPT (inline JSON or a path).
 * @returns {{ default: object, rules: object[] }}
 */
export function loadScript(file, env = process.env) {
  let raw;
  if (file) raw = readFileSync(file, 'utf8');
  else if (env.FAKE_AGENT_SCRIPT) {
    const value = env.FAKE_AGENT_SCRIPT.trim();
    raw = value.startsWith('{') ? value : readFileSync(value, 'utf8');
  }
  const parsed = raw ? JSON.parse(raw) : {};
  return {
    default: parsed.default ?? DEFAULT_BEHAVIOUR,
    rules: (parsed.rules ?? []).map((rule) => ({ ...rule, used: 0 })),
  };
}

function ruleMatches(rule, prompt) {
  if (rule.times !== undefined && rule.used >= rule.times) return false;
  if (rule.exact !== undefined) return prompt === rule.exact;
  if (rule.regex !== undefined) return new RegExp(rule.regex, rule.flags ?? '').test(prompt);
  if (rule.match !== undefined) return prompt.includes(rule.match);
  return true;
}

/** First rule (in order) that matches the prompt, else the default. */
export function pickBehaviour(script, prompt) {
  const rule = script.rules.find((r) => ruleMatches(r, prompt));
  if (rule) rule.used += 1;
  return rule ?? script.default;
}

/**
 * A behaviour as a flat list of steps. Shorthands (`workMs`, `hang`, `exit`, `apiError`)
 * become steps after any explicit `steps`.
 */
export function stepsOf(behaviour) {
  const steps = [...(behaviour.steps ?? [])];
  if (behaviour.workMs !== undefined) steps.unshift({ work: behaviour.workMs });
  if (behaviour.hang) steps.push({ hang: behaviour.hang });
  if (behaviour.exit !== undefined) steps.push({ exit: behaviour.exit, message: behaviour.message });
  if (behaviour.apiError) steps.push({ apiError: behaviour.apiError });
  return steps;
}

/** Fills `{prompt}`, `{n}` (turn number) and `{firstLine}` into a reply or output text. */
export function fill(template, vars) {
  return String(template).replace(/\{(prompt|n|firstLine)\}/g, (_, key) => String(vars[key] ?? ''));
}

/** Tool input in Claude Code's shape for a `permission` / `tool` step. */
export function toolInputOf(spec, cwd) {
  if (spec.input) return spec.input;
  const abs = (p) => (p && !p.startsWith('/') ? `${cwd}/${p}` : p);
  switch (spec.tool) {
    case 'Bash':
      return { command: spec.command ?? '', ...(spec.description ? { description: spec.description } : {}) };
    case 'Edit':
      return {
        file_path: abs(spec.file_path),
        old_string: spec.old_string ?? 'old',
        new_string: spec.new_string ?? 'new',
        replace_all: false,
      };
    case 'Write':
      return { file_path: abs(spec.file_path), content: spec.content ?? '' };
    case 'Read':
      return { file_path: abs(spec.file_path) };
    case 'WebFetch':
      return { url: spec.url ?? '', prompt: spec.prompt ?? 'Summarize the page' };
    default:
      return { ...(spec.command ? { command: spec.command } : {}) };
  }
}
