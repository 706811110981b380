/** What the assigner keeps in memory between ticks. Losing it (a restart) costs speed, never correctness. */
export interface TurnMemory {
  /** hook_events id at the claim; only later events can be about this prompt. */
  hookMark: number;
  /** The screen just before typing, to cut the response out of the screen afterwards. */
  baseline: string | undefined;
  /** When one of our own captures (read-back or a later check) last saw the agent busy. */
  busySeenAt: number | undefined;
  /** When our own capture first saw it idle again with an empty composer. */
  idleSeenAt: number | undefined;
  lastCheckAt: number;
}

export class AssignerRuntime {
  /** Deliveries and reconciles running now, by prompt id (awaited on stop). */
  readonly tasks = new Map<number, Promise<void>>();
  /** Sessions being typed into by this process. */
  readonly typingInto = new Set<string>();
  /** Sessions that just refused a prompt (not ready): skipped until the time given. */
  readonly cooldown = new Map<string, number>();
  readonly turns = new Map<number, TurnMemory>();
  tmuxAlive: Set<string> | undefined;
  tmuxCheckedAt = 0;
  locksRefreshedAt = 0;
  /** The earliest moment something is due (a timeout, a throttled screen check): the loop wakes then. */
  wakeAt: number | undefined;
  tmuxChecking = false;
  ticks = 0;
  delivered = 0;
  completed = 0;

  wakeBy(at: number): void {
    if (this.wakeAt === undefined || at < this.wakeAt) this.wakeAt = at;
  }

  coolingDown(session: string, now: number): boolean {
    const until = this.cooldown.get(session);
    if (until === undefined) return false;
    if (until > now) return true;
    this.cooldown.delete(session);
    return false;
  }
}
