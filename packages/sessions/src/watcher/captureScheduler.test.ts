import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '@architect/core';
import { CaptureScheduler } from './captureScheduler';

// Deterministic: fake timers drive both the scheduler and the simulated capture time.
beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function make(intervalMs: number, runMs: number, maxConcurrent = 4) {
  const starts: { key: string; at: number }[] = [];
  let running = 0;
  let peak = 0;
  const s = new CaptureScheduler({
    run: async (key) => {
      starts.push({ key, at: Date.now() });
      peak = Math.max(peak, ++running);
      await sleep(runMs);
      running--;
    },
    intervalFor: () => intervalMs,
    maxConcurrent,
    log: silentLogger(),
  });
  return { s, starts, peak: () => peak };
}

describe('CaptureScheduler', () => {
  it('captures the first signal at once and a burst as spaced captures ending with a trailing one', async () => {
    const { s, starts } = make(50, 5);
    s.request('a');
    expect(starts).toEqual([{ key: 'a', at: 0 }]);
    for (let i = 0; i < 20; i++) {
      s.request('a');
      await vi.advanceTimersByTimeAsync(2);
    }
    await vi.advanceTimersByTimeAsync(200);
    // 20 signals over 40 ms → the immediate capture, then one trailing capture an interval later.
    expect(starts.map((x) => x.at)).toEqual([0, 50]);
    await s.stop();
  });

  it('re-captures when a signal arrives during a capture (so the final screen is read)', async () => {
    const { s, starts } = make(10, 30);
    s.request('a');
    await vi.advanceTimersByTimeAsync(5);
    s.request('a'); // arrives mid-capture
    await vi.advanceTimersByTimeAsync(100);
    expect(starts.map((x) => x.at)).toEqual([0, 30]);
    await s.stop();
  });

  it('keys are independent and concurrency is capped', async () => {
    const { s, starts, peak } = make(50, 20, 2);
    for (const k of ['a', 'b', 'c', 'd']) s.request(k);
    await vi.advanceTimersByTimeAsync(100);
    expect(starts.map((x) => `${x.key}@${x.at}`)).toEqual(['a@0', 'b@0', 'c@20', 'd@20']);
    expect(peak()).toBe(2);
    await s.stop();
  });

  it('expedite reschedules a pending capture against a shorter interval', async () => {
    let interval = 1000;
    const starts: number[] = [];
    const s = new CaptureScheduler({
      run: async () => void starts.push(Date.now()),
      intervalFor: () => interval,
      maxConcurrent: 1,
      log: silentLogger(),
    });
    s.request('a');
    await vi.advanceTimersByTimeAsync(10);
    s.request('a'); // due at 1000
    interval = 50;
    s.expedite('a');
    await vi.advanceTimersByTimeAsync(100);
    expect(starts).toEqual([0, 50]);
    await s.stop();
  });

  it('stop cancels pending captures and waits for running ones', async () => {
    const { s, starts } = make(100, 20);
    s.request('a');
    s.request('a'); // a trailing capture is now due
    const stopped = s.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopped;
    expect(starts).toHaveLength(1);
  });
});
