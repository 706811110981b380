import { Loop, type Clock, type Logger, type Service } from '@architect/core';
import { TmuxServerNotRunningError, tmuxSessionName, type TmuxDriver } from '@architect/tmux';

/**
 * The cheap fallback change signal: ONE `list-panes -a` per poll reports every window's last
 * output time (`window_activity`, whole seconds), and only sessions whose time moved are looked
 * at. It catches what the pane-file notifications miss at a fraction of a capture per session.
 */
export class WindowActivityPoller implements Service {
  readonly name = 'window-activity';
  private readonly loop: Loop;
  private readonly seen = new Map<string, number>();
  private lastPollSec = 0;

  constructor(
    private readonly opts: {
      driver: TmuxDriver;
      sessions: () => readonly string[];
      onChange: (session: string) => void;
      pollMs: number;
      log: Logger;
      clock: Clock;
    },
  ) {
    this.loop = new Loop({ name: this.name, intervalMs: opts.pollMs, log: opts.log, clock: opts.clock, tick: () => this.poll() });
  }

  async poll(): Promise<void> {
    let activity: Map<string, number>;
    try {
      activity = await this.opts.driver.windowActivity();
    } catch (err) {
      if (err instanceof TmuxServerNotRunningError) return;
      throw err;
    }
    // Whole seconds: output later in the same second as the previous poll leaves the time
    // unchanged, so a window active in that second is looked at once more.
    const prevPollSec = this.lastPollSec;
    this.lastPollSec = Math.floor(this.opts.clock.now() / 1000);
    for (const name of this.opts.sessions()) {
      const t = activity.get(tmuxSessionName(name));
      if (t === undefined) continue;
      const before = this.seen.get(name);
      this.seen.set(name, t);
      if (before === undefined || t !== before || t >= prevPollSec) this.opts.onChange(name);
    }
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
