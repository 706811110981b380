import { PolicyRuleError, type RuleProblem } from './errors';
import { parseRule, type Rule } from './ruleSyntax';
import type { PolicyConfig } from './types';

export interface CompiledPolicy {
  readonly allow: readonly Rule[];
  readonly ask: readonly Rule[];
  readonly deny: readonly Rule[];
}

/** Parse every rule once; throws PolicyRuleError listing every bad rule, not just the first. */
export function compilePolicy(cfg: PolicyConfig): CompiledPolicy {
  const problems: RuleProblem[] = [];
  const compileList = (list: 'allow' | 'ask' | 'deny'): Rule[] => {
    const rules: Rule[] = [];
    const texts = cfg[list] ?? [];
    if (!Array.isArray(texts)) {
      problems.push({ rule: String(texts), reason: `${list} must be a list of rules`, list });
      return rules;
    }
    texts.forEach((text, index) => {
      try {
        rules.push(parseRule(text));
      } catch (err) {
        if (!(err instanceof PolicyRuleError)) throw err;
        problems.push({ rule: String(text), reason: err.reason, list, index });
      }
    });
    return rules;
  };
  const policy = { deny: compileList('deny'), ask: compileList('ask'), allow: compileList('allow') };
  if (problems.length > 0) throw new PolicyRuleError(problems);
  return policy;
}
