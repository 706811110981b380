import type { CompiledPolicy } from './compile';
import { pathRuleMatches } from './pathGlob';
import type { Rule } from './ruleSyntax';
import type { PolicyContext } from './types';
import type { Verdict } from './verdict';

/** What a rule is matched against, once the request has been normalised. */
export type Subject =
  | { kind: 'bash'; texts: string[] }
  | { kind: 'path'; tool: string; toolName: string; abs: string }
  | { kind: 'fetch'; host: string | null }
  | { kind: 'mcp'; toolName: string }
  | { kind: 'other'; toolName: string };

/** Which rule tool names cover a path tool: Edit rules cover every tool that changes files, as in Claude Code. */
const PATH_RULE_TOOLS: Record<string, string[]> = {
  read: ['Read'],
  edit: ['Edit'],
  write: ['Write', 'Edit'],
};

export function ruleMatches(rule: Rule, s: Subject, ctx: PolicyContext): boolean {
  switch (s.kind) {
    case 'bash':
      if (rule.kind === 'tool') return rule.tool === 'Bash';
      return rule.kind === 'bash' && s.texts.some((t) => rule.matches(t));
    case 'path': {
      const tools = PATH_RULE_TOOLS[s.tool] ?? [];
      const named = rule.kind === 'tool' || rule.kind === 'path' ? rule.tool : null;
      if (named === null || !(tools.includes(named) || named === s.toolName)) return false;
      return rule.kind === 'path' ? pathRuleMatches(rule.pattern, s.abs, ctx.cwd, ctx.home) : true;
    }
    case 'fetch':
      if (rule.kind === 'tool') return rule.tool === 'WebFetch';
      if (rule.kind !== 'domain' || s.host === null) return false;
      return rule.domain.startsWith('*.') ? s.host.endsWith(rule.domain.slice(1)) : s.host === rule.domain;
    case 'mcp': {
      if (rule.kind !== 'mcp') return false;
      const prefix = `mcp__${rule.server}__`;
      return rule.tool === null ? s.toolName.startsWith(prefix) : s.toolName === `${prefix}${rule.tool}`;
    }
    case 'other':
      return rule.kind === 'tool' && rule.tool === s.toolName;
  }
}

/** Config rules in SPEC order: deny, then ask, then allow; the first match in a list decides. */
export function configVerdict(policy: CompiledPolicy, s: Subject, ctx: PolicyContext, allowSubject: Subject = s): Verdict | null {
  const denied = policy.deny.find((r) => ruleMatches(r, s, ctx));
  if (denied) return { outcome: 'deny', rule: `deny:${denied.text}`, reason: `matches deny rule ${denied.text}` };
  const asked = policy.ask.find((r) => ruleMatches(r, s, ctx));
  if (asked) return { outcome: 'escalate', rule: `ask:${asked.text}`, reason: `matches ask rule ${asked.text}` };
  const allowed = policy.allow.find((r) => ruleMatches(r, allowSubject, ctx));
  if (allowed) return { outcome: 'approve', rule: `allow:${allowed.text}`, reason: `matches allow rule ${allowed.text}` };
  return null;
}
