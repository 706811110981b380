import { describe, expect, it } from 'vitest';
import { HeapKeeper } from './heapKeeper';
import { silentLogger } from './logger';

const MB = 1024 * 1024;

/** A heap that grows by what the test says and drops to `floor` on a full collection. */
function heap(floor: number) {
  const h = { used: floor, gcs: 0 };
  return { h, gc: () => ((h.used = floor), h.gcs++), heapUsed: () => h.used };
}

describe('HeapKeeper', () => {
  it('runs a full collection once the heap grew past growthMb since the last one, not before', () => {
    const { h, gc, heapUsed } = heap(20 * MB);
    const k = new HeapKeeper({ log: silentLogger(), growthMb: 4, gc, heapUsed });
    k.start();
    h.used = 23 * MB;
    k.check();
    expect(h.gcs).toBe(0);
    h.used = 24.5 * MB;
    k.check();
    expect(h.gcs).toBe(1);
    expect(k.collections).toBe(1);
    // Measured from what the collection left (20 MB), not from where it started.
    h.used = 23.9 * MB;
    k.check();
    expect(h.gcs).toBe(1);
    k.stop();
  });

  it('takes a lower heap (V8 collected by itself) as the new base', () => {
    const { h, gc, heapUsed } = heap(30 * MB);
    const k = new HeapKeeper({ log: silentLogger(), growthMb: 4, gc, heapUsed });
    k.start();
    h.used = 18 * MB;
    k.check();
    h.used = 23 * MB; // 5 MB over the new low, 7 MB under the first base
    k.check();
    expect(h.gcs).toBe(1);
    k.stop();
  });

  it('does nothing without a collector (node without --expose-gc)', () => {
    const k = new HeapKeeper({ log: silentLogger(), gc: undefined, heapUsed: () => 500 * MB });
    k.start();
    k.check();
    expect(k.collections).toBe(0);
    k.stop();
  });
});
