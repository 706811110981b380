/** The orchestrator daemon's service: a cycle on every database change (or poll), suggestions now and then. */
import { Loop, type Clock, type Logger, type OrchestratorConfig, type Service } from '@architect/core';
import { DbChangeWatcher, type Db } from '@architect/db';
import { runCycle, type CycleReport } from './orchestratorCycle';
import type { RuleJudge } from './escalationRule';
import { runSuggestions } from './suggestions';

export interface OrchestratorDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  config: OrchestratorConfig;
  /** Judges whether an allow rule for repeated escalations would be safe (none: never suggest one). */
  judge?: RuleJudge;
}

export class Orchestrator implements Service {
  readonly name = 'orchestrator';
  private readonly loop: Loop;
  private readonly watcher: DbChangeWatcher;
  private lastSuggestions = Number.NEGATIVE_INFINITY;
  readonly totals: CycleReport = { queued: 0, verifying: 0, done: 0, retried: 0, blocked: 0 };

  constructor(private readonly deps: OrchestratorDeps) {
    this.loop = new Loop({
      name: this.name,
      tick: async () => this.tick(),
      intervalMs: deps.config.pollMs,
      log: deps.log,
      clock: deps.clock,
      backoff: { baseMs: deps.config.pollMs, maxMs: 60_000 },
    });
    this.watcher = new DbChangeWatcher({ db: deps.db, log: deps.log, onChange: () => this.loop.nudge() });
  }

  start(): void {
    this.watcher.start();
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.watcher.stop();
    await this.loop.stop();
  }

  /** One cycle; true (run again at once) when it moved something, so chains of steps advance without waiting. */
  tick(): boolean {
    const r = runCycle(this.deps);
    for (const k of Object.keys(r) as (keyof CycleReport)[]) this.totals[k] += r[k];
    const now = this.deps.clock.now();
    if (now - this.lastSuggestions >= this.deps.config.suggestionsEveryMs) {
      this.lastSuggestions = now;
      const s = runSuggestions(this.deps.db, this.deps.config, now, this.deps.judge);
      if (s.created + s.refreshed > 0) this.deps.log.info(s, 'suggestions updated');
    }
    return r.queued + r.verifying + r.done + r.retried + r.blocked > 0;
  }

  info(): Record<string, unknown> {
    return { ...this.totals, ticks: this.loop.ticks, failures: this.loop.failures };
  }
}
