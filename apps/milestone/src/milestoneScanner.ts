/** The milestone daemon's service: rescan every configured project on a schedule. */
import { Loop, type Clock, type Logger, type MilestonesConfig, type Service } from '@architect/core';
import type { Db } from '@architect/db';
import { scanConfiguredProjects, type ScanOutcome } from '@architect/planning';

export interface MilestoneScannerDeps {
  db: Db;
  log: Logger;
  clock: Clock;
  dataDir: string;
  config: MilestonesConfig;
  projects: readonly { name: string; path: string }[];
}

export class MilestoneScanner implements Service {
  readonly name = 'milestone-scanner';
  private readonly loop: Loop;
  scans = 0;

  constructor(private readonly deps: MilestoneScannerDeps) {
    this.loop = new Loop({
      name: this.name,
      tick: () => this.scanAll().then(() => false),
      intervalMs: deps.config.intervalMinutes * 60_000,
      log: deps.log,
      clock: deps.clock,
      backoff: { baseMs: 30_000, maxMs: deps.config.intervalMinutes * 60_000 },
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  async scanAll(): Promise<ScanOutcome[]> {
    const { db, log, clock, dataDir, config, projects } = this.deps;
    const outcomes = await scanConfiguredProjects({ db, dataDir, limits: config, clock }, projects);
    this.scans++;
    for (const o of outcomes) {
      if (o.ok) {
        const { stats, items } = o.scan.result;
        log.info({ project: o.project, open: items.length, ...o.scan.recorded, filesRead: stats.filesRead, truncatedBy: stats.truncatedBy, durationMs: stats.durationMs }, 'project scanned');
      } else log.error({ project: o.project, err: o.error }, 'project scan failed');
    }
    return outcomes;
  }
}
