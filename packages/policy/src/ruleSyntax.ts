import { PolicyRuleError } from './errors';
import { compileBashPattern } from './bashPattern';

/**
 * Claude Code's permission-rule syntax: `Tool` or `Tool(specifier)`.
 * https://code.claude.com/docs/en/permissions — Bash globs, gitignore-style paths for
 * Read/Edit, `domain:` for WebFetch, `mcp__server[__tool|__*]` for MCP tools.
 */
export type Rule =
  | { kind: 'tool'; text: string; tool: string }
  | { kind: 'bash'; text: string; pattern: string; matches: (command: string) => boolean }
  | { kind: 'path'; text: string; tool: PathTool; pattern: string }
  | { kind: 'domain'; text: string; domain: string }
  | { kind: 'mcp'; text: string; server: string; tool: string | null };

export type PathTool = (typeof PATH_TOOLS)[number];

const PATH_TOOLS = ['Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'Glob', 'Grep', 'LS'] as const;

/** Tools that only take a bare rule (or `Tool(*)`): there is nothing in a request to match a specifier on. */
const BARE_TOOLS = [
  'WebSearch', 'Task', 'Agent', 'TodoWrite', 'TodoRead', 'NotebookRead', 'ExitPlanMode', 'Skill',
  'SlashCommand', 'BashOutput', 'KillShell', 'KillBash',
];

const MCP_RULE = /^mcp__([A-Za-z0-9_-]+?)(?:__([A-Za-z0-9_.-]+|\*))?$/;
const DOMAIN = /^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d+)?$/;

/** Parse one rule; throws PolicyRuleError (with one problem) when it is malformed. */
export function parseRule(text: string): Rule {
  const problem = (reason: string) => new PolicyRuleError([{ rule: text, reason }]);
  if (typeof text !== 'string') throw problem('a rule must be a string');
  const rule = text.trim();
  if (rule === '') throw problem('empty rule');

  if (rule.startsWith('mcp__')) {
    const m = MCP_RULE.exec(rule);
    if (!m) throw problem('MCP rules look like mcp__server, mcp__server__tool or mcp__server__* (no parentheses)');
    const tool = m[2] === undefined || m[2] === '*' ? null : m[2];
    return { kind: 'mcp', text: rule, server: m[1] as string, tool };
  }

  const open = rule.indexOf('(');
  const name = open === -1 ? rule : rule.slice(0, open);
  if (!/^[A-Za-z]+$/.test(name)) throw problem(`"${name}" is not a tool name`);
  const known = name === 'Bash' || name === 'WebFetch' || (PATH_TOOLS as readonly string[]).includes(name) || BARE_TOOLS.includes(name);
  if (!known) {
    const hint = [...PATH_TOOLS, ...BARE_TOOLS, 'Bash', 'WebFetch'].find((t) => t.toLowerCase() === name.toLowerCase());
    throw problem(`unknown tool "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
  }
  if (open === -1) return { kind: 'tool', text: rule, tool: name };

  if (!rule.endsWith(')')) throw problem('missing closing parenthesis, or text after it');
  const spec = rule.slice(open + 1, -1).trim();
  if (spec === '') throw problem(`empty specifier: write "${name}" to match every use`);
  if (spec === '*') return { kind: 'tool', text: rule, tool: name };
  if (unbalanced(spec)) throw problem('unbalanced parentheses in the specifier');

  if (name === 'Bash') {
    const compiled = compileBashPattern(spec);
    if ('error' in compiled) throw problem(compiled.error);
    return { kind: 'bash', text: rule, pattern: spec, matches: compiled.matches };
  }
  if (name === 'WebFetch') {
    if (!spec.startsWith('domain:')) throw problem('WebFetch rules take "domain:<host>", e.g. WebFetch(domain:example.com)');
    const domain = spec.slice('domain:'.length).trim().toLowerCase();
    if (!DOMAIN.test(domain)) throw problem(`"${domain}" is not a host name`);
    return { kind: 'domain', text: rule, domain };
  }
  if ((PATH_TOOLS as readonly string[]).includes(name)) {
    if (spec.includes(':*')) throw problem('":*" is for Bash rules; path rules use gitignore globs like src/**');
    if (/(^|\/)\.\.(\/|$)/.test(spec)) throw problem('".." is not allowed in path rules; use //absolute or ~/ paths');
    return { kind: 'path', text: rule, tool: name as PathTool, pattern: spec };
  }
  throw problem(`${name} takes no specifier: write "${name}"`);
}

function unbalanced(spec: string): boolean {
  let depth = 0;
  for (const ch of spec) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return true;
  }
  return depth !== 0;
}
