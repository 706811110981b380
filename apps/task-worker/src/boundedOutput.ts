/**
 * A task's combined stdout and stderr, kept bounded however much it prints: the first `headBytes`
 * and the last `tailBytes` bytes (the tail never repeats bytes already in the head), plus the total
 * count, so `tasks show` can say how much was left out in between.
 */
export class BoundedOutput {
  private readonly head: Buffer[] = [];
  private headLength = 0;
  private tail: Buffer[] = [];
  private tailLength = 0;
  totalBytes = 0;

  constructor(
    private readonly headBytes: number,
    private readonly tailBytes: number,
  ) {}

  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    let rest = chunk;
    if (this.headLength < this.headBytes) {
      const take = Math.min(this.headBytes - this.headLength, rest.length);
      // Copy: a slice would keep the whole (possibly large) chunk alive.
      this.head.push(Buffer.from(rest.subarray(0, take)));
      this.headLength += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.tailBytes === 0) return;
    this.tail.push(rest);
    this.tailLength += rest.length;
    // Drop whole chunks that lie entirely before the last tailBytes bytes.
    while (this.tail.length > 1 && this.tailLength - this.tail[0]!.length >= this.tailBytes) {
      this.tailLength -= this.tail.shift()!.length;
    }
  }

  /** Bytes seen but kept in neither head nor tail. */
  get omittedBytes(): number {
    return this.totalBytes - this.headLength - Math.min(this.tailLength, this.tailBytes);
  }

  result(): { head: string; tail: string; totalBytes: number; omittedBytes: number } {
    const tail = Buffer.concat(this.tail, this.tailLength);
    return {
      head: Buffer.concat(this.head, this.headLength).toString('utf8'),
      tail: tail.subarray(Math.max(0, tail.length - this.tailBytes)).toString('utf8'),
      totalBytes: this.totalBytes,
      omittedBytes: this.omittedBytes,
    };
  }
}
