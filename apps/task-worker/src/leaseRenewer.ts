import { toError, type Clock, type Logger } from '@architect/core';
import { isCancelRequested, renewLease, type Db, type TaskClaim } from '@architect/db';

export interface LeaseRenewerOptions {
  db: Db;
  claim: TaskClaim;
  leaseMs: number;
  clock: Clock;
  log: Logger;
  /** The task is no longer ours (the lease expired and someone re-claimed it): kill it, drop its outcome. */
  onLost: () => void;
  /** `tasks cancel` flagged the task. */
  onCancel: () => void;
}

/**
 * Keeps a running task's lease alive: renews every third of the lease, so two renewals can fail
 * (a busy database, a stalled event loop) before the lease runs out. Each renewal also reports
 * the cancel flag; `checkCancel()` reads it sooner when the database changes.
 */
export class LeaseRenewer {
  private readonly stopController = new AbortController();
  private running: Promise<void> | undefined;
  private lost = false;

  constructor(private readonly opts: LeaseRenewerOptions) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Idempotent; resolves once no renewal is in flight. */
  async stop(): Promise<void> {
    this.stopController.abort();
    await this.running;
  }

  checkCancel(): void {
    if (this.stopController.signal.aborted) return;
    if (isCancelRequested(this.opts.db, this.opts.claim.id)) this.opts.onCancel();
  }

  private async run(): Promise<void> {
    const { db, claim, leaseMs, clock, log } = this.opts;
    const stop = this.stopController.signal;
    const intervalMs = Math.max(100, Math.floor(leaseMs / 3));
    while (!stop.aborted && !this.lost) {
      await clock.sleep(intervalMs, stop);
      if (stop.aborted) return;
      try {
        const r = renewLease(db, claim, leaseMs, clock.now());
        if (!r.renewed) {
          this.lost = true;
          log.warn({ taskId: claim.id, attempt: claim.attempts }, 'task lease lost; killing the run');
          this.opts.onLost();
        } else if (r.cancelRequested) {
          this.opts.onCancel();
        }
      } catch (raw) {
        // A busy database is survivable: the lease has two more renewals' worth of slack.
        log.warn({ err: toError(raw), taskId: claim.id }, 'lease renewal failed; retrying');
      }
    }
  }
}
