import { ArchitectError } from '@architect/core/errors';

export interface RuleProblem {
  rule: string;
  reason: string;
  /** Which config list the rule came from, when it came from one. */
  list?: 'allow' | 'ask' | 'deny';
  index?: number;
}

/**
 * One or more permission rules do not parse. Every bad rule is listed at once in `problems`
 * (like an AggregateError); `rule` and `reason` repeat the first one for single-rule callers.
 */
export class PolicyRuleError extends ArchitectError {
  readonly problems: RuleProblem[];
  readonly rule: string;
  readonly reason: string;

  constructor(problems: RuleProblem[]) {
    const lines = problems.map((p) => `  - ${p.list ? `${p.list}[${p.index}] ` : ''}${JSON.stringify(p.rule)}: ${p.reason}`);
    super('POLICY_RULE_INVALID', `invalid permission rule${problems.length > 1 ? 's' : ''}:\n${lines.join('\n')}`, {
      problems,
    });
    this.problems = problems;
    this.rule = problems[0]?.rule ?? '';
    this.reason = problems[0]?.reason ?? '';
  }
}

/** `decide` was asked about a shell command before `await initPolicy()` loaded the parser. */
export class PolicyNotReadyError extends ArchitectError {
  constructor() {
    super('POLICY_NOT_READY', 'the bash parser is not loaded: call `await initPolicy()` once before deciding');
  }
}
