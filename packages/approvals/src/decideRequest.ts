import { toError } from '@architect/core/errors';
import type { AutoConfirmConfig } from '@architect/core/lite';
import { countAnswersSince, readSetting, type SqliteConn } from '@architect/db/lite';

type Db = Pick<SqliteConn, 'sqlite'>;
import { decide, type CompiledPolicy, type Decision, type PermissionRequest, type PolicyContext } from '@architect/policy';

/** The runtime kill switch the dashboard and `architect approvals kill-switch on|off` flip. */
export const KILL_SWITCH_KEY = 'autoConfirm.killSwitch';

export interface KillSwitchState {
  on: boolean;
  /** Which switch is on: 'config:killSwitch', 'config:enabled=false', 'runtime', 'runtime:unreadable'. */
  source?: string;
}

/** Read fresh before every decision and again before every key: flipping it stops approving at once. */
export function killSwitchState(db: Db, config: Pick<AutoConfirmConfig, 'enabled' | 'killSwitch'>): KillSwitchState {
  if (config.killSwitch) return { on: true, source: 'config:killSwitch' };
  if (!config.enabled) return { on: true, source: 'config:enabled=false' };
  const s = readSetting(db, KILL_SWITCH_KEY);
  if (!s.found || s.value === false || s.value === null) return { on: false };
  // Anything but a clean false (true, garbage) keeps the switch on: fail closed.
  return { on: true, source: s.value === true ? 'runtime' : 'runtime:unreadable' };
}

export interface DecideInput {
  db: Db;
  policy: CompiledPolicy;
  config: AutoConfirmConfig;
  session: string;
  request: PermissionRequest;
  context: PolicyContext;
  now: number;
}

/**
 * The whole decision for one request, shared by the hook and the screen path: the kill switch
 * first, then the policy, then the per-session rate limit (an answer beyond it escalates). Any
 * error inside the policy escalates — it fails closed.
 */
export function decideRequest(input: DecideInput): Decision {
  const kill = killSwitchState(input.db, input.config);
  if (kill.on) return { outcome: 'escalate', rule: `kill-switch:${kill.source}`, reason: 'the auto-confirm kill switch is on' };
  let decision: Decision;
  try {
    decision = decide(input.policy, input.request, input.context);
  } catch (raw) {
    return { outcome: 'escalate', rule: 'error:policy', reason: `the policy could not decide: ${toError(raw).message}` };
  }
  if (decision.outcome === 'escalate') return decision;
  const answered = countAnswersSince(input.db, input.session, input.now - 60_000);
  if (answered >= input.config.maxPerMinute) {
    return {
      outcome: 'escalate',
      rule: 'rate-limit',
      reason: `${answered} answers in the last minute (limit ${input.config.maxPerMinute}); policy said ${decision.outcome} by ${decision.rule}`,
    };
  }
  return decision;
}
