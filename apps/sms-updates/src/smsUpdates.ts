import { Loop, systemClock, toError, type Clock, type Logger, type Service, type SmsConfig } from '@architect/core';
import { claimSms, DbChangeWatcher, enqueueSmsUnlessSince, hourlyStatusFacts, lastSmsOfKind, markInterruptedSms, type Db } from '@architect/db';
import { AlertDispatcher, deliverClaimed, isQuiet, localClock, statusBody, type Transport } from '@architect/notify';

export interface SmsUpdatesOptions {
  db: Db;
  log: Logger;
  config: SmsConfig;
  transport: Transport;
  /** `sms-updates:<instance>@<host>:<pid>`; recovery at start takes over rows claimed by any `sms-updates:`. */
  workerId: string;
  clock?: Clock;
  /** Wake on other processes' commits (off for --once). */
  watch?: boolean;
}

export const DAEMON_PREFIX = 'sms-updates:';

/**
 * The sms-updates daemon's one loop. Each pass: alerts → outbox (grouped, deduped, quiet hours,
 * capped), the hourly status when due, then send due outbox rows one at a time. Nothing is sent
 * inside a transaction; every row is claimed by CAS first.
 */
export class SmsUpdates implements Service {
  readonly name = 'sms-updates';
  readonly stats = { sent: 0, failed: 0, retried: 0, recovered: 0, statusQueued: 0 };
  private readonly clock: Clock;
  private readonly loop: Loop;
  private readonly watcher: DbChangeWatcher | undefined;
  private readonly alerts: AlertDispatcher;
  private startedAt = 0;
  private lastStaleCheck = 0;

  constructor(private readonly o: SmsUpdatesOptions) {
    this.clock = o.clock ?? systemClock;
    const c = o.config;
    this.alerts = new AlertDispatcher({
      db: o.db,
      log: o.log,
      recipients: c.recipients,
      maxAttempts: c.maxAttempts,
      policy: {
        groupWindowMs: c.groupWindowMs,
        dedupeWindowMinutes: c.dedupeWindowMinutes,
        maxAlertsPerHour: c.maxAlertsPerHour,
        quietHours: c.quietHours,
        timeZone: c.timeZone,
        criticalKinds: c.criticalKinds,
      },
    });
    this.loop = new Loop({
      name: 'sms',
      intervalMs: c.pollMs,
      log: o.log,
      clock: this.clock,
      backoff: { baseMs: c.pollMs, maxMs: 60_000 },
      tick: (signal) => this.tick(signal),
    });
    if (o.watch !== false) this.watcher = new DbChangeWatcher({ db: o.db, log: o.log, onChange: () => this.loop.nudge() });
  }

  start(): void {
    this.recover();
    this.watcher?.start();
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.watcher?.stop();
    // Waits for the pass in flight: a send already started finishes and is recorded (bounded by requestTimeoutMs).
    await this.loop.stop();
  }

  /**
   * Rows a previous life of this daemon left in `sending`: unknown, never re-sent (docs/sms.md).
   * `--once` (possibly beside a running daemon) takes over only rows idle past the stale limit.
   */
  recover(opts: { once?: boolean } = {}): void {
    this.startedAt = this.clock.now();
    this.markInterrupted(opts.once ? undefined : DAEMON_PREFIX);
  }

  private markInterrupted(ownerPrefix: string | undefined): void {
    const now = this.clock.now();
    this.lastStaleCheck = now;
    const ids = markInterruptedSms(this.o.db, { ownerPrefix, staleMs: Math.max(60_000, 4 * this.o.config.requestTimeoutMs), now });
    this.stats.recovered += ids.length;
    if (ids.length) this.o.log.warn({ smsIds: ids }, 'messages interrupted mid-send marked unknown (not re-sent: at most once)');
  }

  /** One pass; true when an outbox row was handled (the loop runs again at once). */
  async tick(signal?: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    // A CLI that died mid-send leaves its row in `sending`; look for such rows once a minute.
    if (now - this.lastStaleCheck >= 60_000) this.markInterrupted(undefined);
    if (this.o.config.enabled) {
      this.alerts.run(now);
      this.queueStatusIfDue(now);
    }
    return this.sendOne(signal);
  }

  /** Run passes until nothing is due (the --once mode and tests). */
  async drain(maxPasses = 1000): Promise<void> {
    for (let i = 0; i < maxPasses; i++) if (!(await this.tick())) return;
  }

  info(): Record<string, unknown> {
    return { ...this.stats, transport: this.o.transport.name };
  }

  private queueStatusIfDue(now: number): void {
    const c = this.o.config;
    if (c.statusIntervalMinutes === 0) return;
    const interval = c.statusIntervalMinutes * 60_000;
    const last = lastSmsOfKind(this.o.db, 'status')?.createdAt ?? this.startedAt;
    if (now - last < interval) return;
    // A stale status is worth nothing: in quiet hours skip it; the first pass after them sends a fresh one.
    if (isQuiet(now, c.quietHours, c.timeZone)) return;
    const body = statusBody(hourlyStatusFacts(this.o.db, now), localClock(now, c.timeZone));
    const id = enqueueSmsUnlessSince(this.o.db, now - interval, { kind: 'status', body, recipients: c.recipients, maxAttempts: c.maxAttempts, now });
    if (id !== null) {
      this.stats.statusQueued++;
      this.o.log.info({ smsId: id }, 'hourly status queued');
    }
  }

  private async sendOne(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    const m = claimSms(this.o.db, { by: this.o.workerId, transport: this.o.transport.name, now: this.clock.now() });
    if (!m) return false;
    try {
      const outcome = await deliverClaimed(
        { db: this.o.db, transport: this.o.transport, log: this.o.log, now: () => this.clock.now(), backoffBaseMs: this.o.config.backoffBaseMs, backoffMaxMs: this.o.config.backoffMaxMs, signal },
        m,
      );
      if (outcome === 'sent') this.stats.sent++;
      else if (outcome === 'failed') this.stats.failed++;
      else if (outcome === 'retry') this.stats.retried++;
    } catch (raw) {
      // A database error after the send: the row stays `sending` and becomes unknown at the next start.
      this.o.log.error({ err: toError(raw), smsId: m.id }, 'could not record a send outcome');
      throw raw;
    }
    return true;
  }
}
