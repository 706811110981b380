/**
 * Whether an allow rule may be suggested for a pattern of escalated shell commands: only when the
 * real policy, with that rule added to the configured ones, would approve every one of the
 * escalated commands. The built-in deny list and the config's deny/ask rules still apply, so a
 * dangerous command (or one that writes outside its session's folder) never gets a rule suggested.
 */
import { compilePolicy, decide, policyReady, type PolicyConfig } from '@architect/policy';

export type RuleJudge = (rule: string, requests: readonly { command: string; cwd: string }[]) => boolean;

/** `Bash(git push *)` for the pattern words "git push". */
export function candidateRule(words: string): string {
  return `Bash(${words} *)`;
}

export function policyRuleJudge(config: PolicyConfig, home: string): RuleJudge {
  return (rule, requests) => {
    if (!policyReady() || requests.length === 0) return false;
    let policy;
    try {
      policy = compilePolicy({ allow: [...config.allow, rule], ask: config.ask, deny: config.deny });
    } catch {
      return false;
    }
    return requests.every((r) => decide(policy, { tool: 'bash', toolName: 'Bash', command: r.command }, { cwd: r.cwd, home }).outcome === 'approve');
  };
}
