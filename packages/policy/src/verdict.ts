import type { Arg, Resolved } from './args';
import { resolveArg } from './args';
import type { Outcome, PolicyContext } from './types';

/** One judgement about one part of a request. `neutral` parts (cd, echo, x=1) need no allow rule of their own. */
export interface Verdict {
  outcome: Outcome | 'neutral';
  rule: string;
  reason: string;
}

export const deny = (rule: string, reason: string): Verdict => ({ outcome: 'deny', rule: `builtin:${rule}`, reason });
export const escalate = (rule: string, reason: string): Verdict => ({ outcome: 'escalate', rule: `builtin:${rule}`, reason });

const RANK: Record<Verdict['outcome'], number> = { deny: 3, escalate: 2, approve: 1, neutral: 0 };

/** The most severe verdict (deny > escalate > approve > neutral); the first one wins a tie. */
export function worst(verdicts: Array<Verdict | null | undefined>): Verdict | null {
  let out: Verdict | null = null;
  for (const v of verdicts) if (v && (!out || RANK[v.outcome] > RANK[out.outcome])) out = v;
  return out;
}

/** What a built-in check knows about where the command runs. */
export interface CheckEnv {
  ctx: PolicyContext;
  /** Directories the shell may be in (null: unknown, after `cd "$x"`). */
  cwds: Array<string | null>;
  /** Judge a command the checked one runs itself (`find -exec`, `xargs`, `watch`), as a separate part. */
  nested(args: Arg[], label: string): void;
  /** Judge shell source the checked one runs (`bash -c '…'`, `eval`, `trap`). */
  nestedSource(source: string, label: string): void;
}

export function resolveIn(env: CheckEnv, arg: Arg): Resolved[] {
  return resolveArg(arg, env.cwds, env.ctx.home);
}
