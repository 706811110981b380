import { Loop, type Clock, type Logger, type Service } from '@architect/core';
import { acquireLease, holdsLease, readLease, releaseLease, type Db } from '@architect/db';

export const AUTO_CONFIRM_LEASE_KEY = 'autoConfirm.lease';

export interface LeaseKeeperOptions {
  db: Db;
  holder: string;
  ttlMs: number;
  log: Logger;
  clock: Clock;
  /** Called on every change of leadership (true: we hold it now; false: we lost it). */
  onChange: (held: boolean) => void | Promise<void>;
}

/**
 * Only one auto-confirm answers dialogs: the one holding the `autoConfirm.lease` settings row.
 * It renews the lease every third of its TTL; a standby tries on the same beat and takes over
 * once a dead holder's lease lapses. Every key press re-checks `holds()` against the database,
 * so even a holder whose event loop stalled past its TTL never presses after losing it.
 */
export class LeaseKeeper implements Service {
  readonly name = 'lease';
  private readonly loop: Loop;
  held = false;

  constructor(private readonly opts: LeaseKeeperOptions) {
    this.loop = new Loop({
      name: 'lease',
      intervalMs: Math.max(200, Math.floor(opts.ttlMs / 3)),
      log: opts.log,
      clock: opts.clock,
      tick: () => this.beat(),
    });
  }

  /** One attempt to take or renew the lease; reports a change of leadership. */
  async beat(): Promise<void> {
    const { db, holder, ttlMs, clock, log } = this.opts;
    const now = clock.now();
    const ok = acquireLease(db, AUTO_CONFIRM_LEASE_KEY, holder, now, ttlMs);
    if (ok === this.held) return;
    this.held = ok;
    if (ok) log.info({ holder }, 'auto-confirm lease acquired: answering dialogs');
    else log.warn({ holder, current: readLease(db, AUTO_CONFIRM_LEASE_KEY)?.holder }, 'auto-confirm lease lost: standing by');
    await this.opts.onChange(ok);
  }

  holds(): boolean {
    return this.held && holdsLease(this.opts.db, AUTO_CONFIRM_LEASE_KEY, this.opts.holder, this.opts.clock.now());
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    if (this.held) {
      releaseLease(this.opts.db, AUTO_CONFIRM_LEASE_KEY, this.opts.holder, this.opts.clock.now());
      this.held = false;
      await this.opts.onChange(false);
    }
  }
}
