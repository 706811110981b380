import crypto from 'node:crypto';
import { exactTarget, type TmuxDriver } from '@architect/tmux';
import { captureScreen, type Screen } from './captureScreen';

/** Most panes read by one tmux client (its command line stays far below tmux's message limit). */
const MAX_BATCH = 32;

interface Pending {
  session: string;
  resolve: (s: Screen | undefined) => void;
  reject: (err: unknown) => void;
}

/**
 * Reads many panes with ONE tmux client: when several sessions want a look at about the same
 * moment (twenty agents drawing at once), their captures go out as one command list,
 * `display-message -p <marker> ; capture-pane -p -t A ; display-message … ; capture-pane -t B …`,
 * instead of twenty client processes competing for two cores. Requests that arrive while a batch
 * is in flight form the next one. tmux stops a command list at the first failing command (a
 * session that just exited), so a failed batch is retried pane by pane.
 */
export class CaptureBatcher {
  private queue: Pending[] = [];
  private running = false;
  /** tmux clients spawned for captures (benchmarks read it). */
  batches = 0;

  constructor(private readonly driver: TmuxDriver) {}

  capture(session: string): Promise<Screen | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ session, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the other nudges of this same moment join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.run(batch);
      } catch {
        await Promise.all(batch.map((p) => captureScreen(this.driver, p.session).then(p.resolve, p.reject)));
      }
    }
    this.running = false;
  }

  private async run(batch: Pending[]): Promise<void> {
    if (batch.length === 1) {
      const p = batch[0]!;
      return captureScreen(this.driver, p.session).then(p.resolve, p.reject);
    }
    this.batches++;
    const marker = `@@architect-capture-${crypto.randomBytes(6).toString('hex')}`;
    const args: string[] = [];
    batch.forEach((p, i) => {
      const t = exactTarget(p.session);
      if (i > 0) args.push(';');
      args.push('display-message', '-p', '-t', t, `${marker} ${i} #{pane_width}`, ';', 'capture-pane', '-p', '-t', t);
    });
    const out = await this.driver.run(args);
    const screens = splitBatch(out, marker, batch.length);
    batch.forEach((p, i) => p.resolve(screens[i]));
  }
}

/** Cuts the batch output at the marker lines: `<marker> <index> <width>` then that pane's rows. */
export function splitBatch(out: string, marker: string, count: number): (Screen | undefined)[] {
  const screens: (Screen | undefined)[] = new Array(count).fill(undefined);
  // Every row, each pane's last included, ends with a newline: drop only the very last one.
  const lines = (out.endsWith('\n') ? out.slice(0, -1) : out).split('\n');
  let current = -1;
  let rows: string[] = [];
  let width: number | undefined;
  const flush = () => {
    if (current < 0 || current >= count) return;
    // The same text a single capture gives: every row newline-terminated.
    screens[current] = { text: rows.length ? `${rows.join('\n')}\n` : '', width };
  };
  for (const line of lines) {
    if (line.startsWith(`${marker} `)) {
      flush();
      const [, index, w] = line.split(' ');
      current = Number(index);
      const n = Number(w);
      width = Number.isInteger(n) && n > 0 ? n : undefined;
      rows = [];
    } else if (current >= 0) {
      rows.push(line);
    }
  }
  flush();
  return screens;
}
