/**
 * Requests made in the same moment (twenty agents drawing at once, every ignore window ending
 * together after a burst) go out as one: the caller's `runBatch` turns several requests into one
 * tmux client process. Requests that arrive while a batch is in flight form the next one. When a
 * batch fails (tmux stops a command list at its first failing command, e.g. a session that just
 * exited), every request in it is run alone so each gets its own answer or its own error.
 */
export class Batcher<Req, Res> {
  private queue: Array<{ req: Req; resolve: (r: Res) => void; reject: (err: unknown) => void }> = [];
  private running = false;
  /** Batches of two or more run so far (benchmarks and tests read it). */
  batches = 0;

  constructor(
    private readonly runBatch: (reqs: Req[]) => Promise<Res[]>,
    private readonly runOne: (req: Req) => Promise<Res>,
    private readonly maxBatch = 32,
  ) {}

  submit(req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the other requests of this same moment join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      if (batch.length === 1) {
        const p = batch[0]!;
        await this.runOne(p.req).then(p.resolve, p.reject);
        continue;
      }
      this.batches++;
      try {
        const results = await this.runBatch(batch.map((p) => p.req));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch {
        await Promise.all(batch.map((p) => this.runOne(p.req).then(p.resolve, p.reject)));
      }
    }
    this.running = false;
  }
}
