import { ALLOWED_KEYS, exactTarget, type TmuxDriver } from '@architect/tmux';

interface Pending {
  session: string;
  keys: string[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Presses keys in many sessions with ONE tmux client when their presses fall due together (every
 * agent's ignore window ends at about the same moment after a burst): `send-keys -t A 1 ;
 * send-keys -t B 3 …`. tmux stops a command list at the first failure, so a failed batch is
 * retried session by session through the driver (whose errors then belong to the right session).
 */
export class KeyBatcher {
  private queue: Pending[] = [];
  private running = false;

  constructor(private readonly driver: TmuxDriver) {}

  press(session: string, keys: string[]): Promise<void> {
    for (const k of keys) if (!ALLOWED_KEYS.has(k)) return Promise.reject(new Error(`key ${JSON.stringify(k)} is not on the allowlist`));
    return new Promise((resolve, reject) => {
      this.queue.push({ session, keys, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, 32);
      const args: string[] = [];
      for (const p of batch) {
        if (args.length) args.push(';');
        args.push('send-keys', '-t', exactTarget(p.session), ...p.keys);
      }
      try {
        await this.driver.run(args);
        for (const p of batch) p.resolve();
      } catch {
        await Promise.all(batch.map((p) => this.one(p)));
      }
    }
    this.running = false;
  }

  private async one(p: Pending): Promise<void> {
    try {
      for (const key of p.keys) await this.driver.sendKey(p.session, key);
      p.resolve();
    } catch (err) {
      p.reject(err);
    }
  }
}
