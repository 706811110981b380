import { loadPolicy } from '@architect/approvals';
import { toError, type AutoConfirmConfig, type Clock, type Logger } from '@architect/core';
import { enabledApprovalRules, type Db } from '@architect/db';
import type { CompiledPolicy } from '@architect/policy';

const RECHECK_MS = 2000;

/**
 * The compiled policy: the config file's rules plus the dashboard's enabled approval_rules. At
 * start a bad rule throws (the daemon exits with the message). Afterwards dashboard edits are
 * picked up within seconds; an edit that does not parse keeps the previous policy and is
 * logged, because silently dropping one rule could turn a deny into an approve.
 */
export class PolicyHolder {
  private policy: CompiledPolicy;
  private fingerprint: string;
  private checkedAt: number;
  /** The newest dashboard rules did not compile (the policy in use is an older one). */
  private broken = false;

  constructor(
    private readonly opts: { db: Db; config: AutoConfirmConfig; source: string; clock: Clock; log: Logger },
  ) {
    const rules = enabledApprovalRules(opts.db);
    this.policy = loadPolicy(opts.config, rules, opts.source);
    this.fingerprint = JSON.stringify(rules);
    this.checkedAt = opts.clock.now();
  }

  current(): CompiledPolicy {
    const now = this.opts.clock.now();
    if (now - this.checkedAt < RECHECK_MS) return this.policy;
    this.checkedAt = now;
    const rules = enabledApprovalRules(this.opts.db);
    const fingerprint = JSON.stringify(rules);
    if (fingerprint === this.fingerprint) return this.policy;
    try {
      this.policy = loadPolicy(this.opts.config, rules, this.opts.source);
      this.fingerprint = fingerprint;
      this.broken = false;
      this.opts.log.info({ rules }, 'dashboard approval rules changed: policy reloaded');
    } catch (raw) {
      this.opts.log.error({ err: toError(raw) }, 'dashboard approval rules do not parse: keeping the previous policy');
      this.fingerprint = fingerprint;
      this.broken = true;
    }
    return this.policy;
  }

  /**
   * For hook requests: the policy as of the dashboard rules right now — the hook process reads
   * them for every request, so the daemon answering in its place must not use a 2 s old copy.
   * Undefined while the newest rules do not compile: the hook process would fail on them too
   * (no decision), so the daemon does not answer from the older policy either.
   */
  latest(): CompiledPolicy | undefined {
    this.checkedAt = Number.NEGATIVE_INFINITY;
    const policy = this.current();
    return this.broken ? undefined : policy;
  }
}
