import type { HealthStatus } from '@architect/db';

/** One check's result in one cycle, before the thresholds decide whether it is up or down. */
export interface CheckSample {
  /** Stable name: `database`, `disk`, `worker:task-worker:0`, `http:dashboard`, … */
  name: string;
  status: HealthStatus;
  /** Self-contained words for a human: "task-worker:0 silent for 47 s", "disk 4% free". */
  message: string;
  value?: number | null;
  details?: Record<string, unknown>;
  /** Down makes the whole suite DOWN rather than DEGRADED. */
  critical?: boolean;
}

/**
 * What one source of checks saw. A source that lists a whole family (every worker, every PM2
 * process) says so: checks of that family it no longer reports are retired, so a deleted PM2
 * process or a session removed from the config does not stay down forever.
 */
export interface CheckBatch {
  samples: CheckSample[];
  /** Name prefix (e.g. `worker:`) this batch covers completely. */
  family?: string;
  /** Names of the family still monitored when not all of them were sampled this cycle. */
  known?: string[];
}
