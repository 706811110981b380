import { ConfigError, type ConfigProblem } from '@architect/core/errors';
import { compilePolicy, PolicyRuleError, type CompiledPolicy, type PolicyConfig } from '@architect/policy';

/**
 * The policy = the config file's rules, then the dashboard's enabled `approval_rules`. A rule that
 * does not parse is a configuration error naming where it came from and why — never skipped,
 * since a skipped deny rule would silently widen what gets approved.
 */
export function loadPolicy(config: PolicyConfig, dashboard: PolicyConfig, source: string): CompiledPolicy {
  const merged: PolicyConfig = {
    deny: [...config.deny, ...dashboard.deny],
    ask: [...config.ask, ...dashboard.ask],
    allow: [...config.allow, ...dashboard.allow],
  };
  try {
    return compilePolicy(merged);
  } catch (err) {
    if (!(err instanceof PolicyRuleError)) throw err;
    const problems: ConfigProblem[] = err.problems.map((p) => {
      const list = p.list;
      if (!list || p.index === undefined) return { path: 'autoConfirm', message: `rule ${JSON.stringify(p.rule)}: ${p.reason}` };
      const inConfig = p.index < config[list].length;
      return {
        path: inConfig ? `autoConfirm.${list}.${p.index}` : `approval_rules (dashboard, ${list})`,
        message: `rule ${JSON.stringify(p.rule)}: ${p.reason}`,
      };
    });
    throw new ConfigError(source, problems);
  }
}
