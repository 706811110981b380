import type { Clock } from '@architect/core';

export interface ThrottleOptions {
  maxPerClient: number;
  maxGlobal: number;
  windowMs: number;
}

/**
 * Failed logins per client address and in total within a sliding window. The global cap matters
 * because every local attacker shares 127.0.0.1. In memory: a restart forgives, but each try
 * also costs an scrypt hash, and PM2 restarts are logged.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private global: number[] = [];

  constructor(
    private readonly opts: ThrottleOptions,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds until this client may try again, or 0. */
  retryAfterMs(client: string): number {
    const now = this.clock.now();
    const cutoff = now - this.opts.windowMs;
    this.global = this.global.filter((t) => t > cutoff);
    const mine = (this.failures.get(client) ?? []).filter((t) => t > cutoff);
    if (mine.length) this.failures.set(client, mine);
    else this.failures.delete(client);
    const wait = (list: number[], max: number) => (list.length >= max ? list[list.length - max]! + this.opts.windowMs - now : 0);
    return Math.max(wait(mine, this.opts.maxPerClient), wait(this.global, this.opts.maxGlobal), 0);
  }

  fail(client: string): void {
    const now = this.clock.now();
    this.global.push(now);
    const list = this.failures.get(client) ?? [];
    list.push(now);
    this.failures.set(client, list);
    // Bound memory against a flood of distinct addresses.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(client: string): void {
    this.failures.delete(client);
  }
}
