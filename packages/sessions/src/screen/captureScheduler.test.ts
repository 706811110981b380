import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '@architect/core';
import { CaptureScheduler, type Settle } from './captureScheduler';

// Deterministic: fake timers drive both the scheduler and the simulated capture time.
beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Fake timers run a setImmediate one tick (1 ms) later: times are compared to that precision.
const ms = (t: number) => Math.floor(t / 5) * 5;

function make(
  intervalFor: number | ((k: string) => number),
  runMs: number,
  opts: { maxConcurrent?: number; alignFromMs?: number; settleFor?: (k: string) => Settle | undefined } = {},
) {
  const batches: { keys: string[]; at: number }[] = [];
  let running = 0;
  let peak = 0;
  const s = new CaptureScheduler({
    run: async (keys) => {
      batches.push({ keys, at: Date.now() });
      peak = Math.max(peak, ++running);
      await sleep(runMs);
      running--;
    },
    intervalFor: typeof intervalFor === 'number' ? () => intervalFor : intervalFor,
    maxConcurrent: opts.maxConcurrent ?? 4,
    ...(opts.alignFromMs ? { alignFromMs: opts.alignFromMs } : {}),
    ...(opts.settleFor ? { settleFor: opts.settleFor } : {}),
    log: silentLogger(),
  });
  const starts = () => batches.flatMap((b) => b.keys.map((key) => ({ key, at: b.at })));
  return { s, batches, starts, peak: () => peak };
}

describe('CaptureScheduler', () => {
  it('captures the first signal at once and a burst as spaced captures ending with a trailing one', async () => {
    const { s, starts } = make(50, 5);
    s.request('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(starts()).toEqual([{ key: 'a', at: 0 }]);
    for (let i = 0; i < 20; i++) {
      s.request('a');
      await vi.advanceTimersByTimeAsync(2);
    }
    await vi.advanceTimersByTimeAsync(200);
    // 20 signals over 40 ms → the immediate capture, then one trailing capture an interval later.
    expect(starts().map((x) => ms(x.at))).toEqual([0, 50]);
    await s.stop();
  });

  it('re-captures when a signal arrives during a capture (so the final screen is read)', async () => {
    const { s, starts } = make(10, 30);
    s.request('a');
    await vi.advanceTimersByTimeAsync(5);
    s.request('a'); // arrives mid-capture
    await vi.advanceTimersByTimeAsync(100);
    expect(starts().map((x) => ms(x.at))).toEqual([0, 30]);
    await s.stop();
  });

  it('captures keys due together in one batch, and caps concurrent batches', async () => {
    const { s, batches, peak } = make(50, 20, { maxConcurrent: 1 });
    for (const k of ['a', 'b', 'c']) s.request(k);
    await vi.advanceTimersByTimeAsync(5);
    s.request('d'); // the batch is running: d waits for it
    await vi.advanceTimersByTimeAsync(100);
    expect(batches.map((b) => `${b.keys.join('')}@${ms(b.at)}`)).toEqual(['abc@0', 'd@20']);
    expect(peak()).toBe(1);
    await s.stop();
  });

  it('aligns slow intervals to a grid so busy sessions share a tmux process', async () => {
    const { s, batches } = make(200, 5, { alignFromMs: 100 });
    s.request('a');
    await vi.advanceTimersByTimeAsync(70);
    s.request('b');
    await vi.advanceTimersByTimeAsync(60);
    s.request('a'); // due at 200 (0 + 200)
    s.request('b'); // due at 270, aligned to 400
    await vi.advanceTimersByTimeAsync(30);
    s.request('b');
    await vi.advanceTimersByTimeAsync(500);
    expect(batches.map((x) => `${x.keys.join('')}@${ms(x.at)}`)).toEqual(['a@0', 'b@70', 'a@200', 'b@400']);
    s.request('a');
    s.request('b');
    await vi.advanceTimersByTimeAsync(500);
    // Both past their interval: captured at once, together.
    expect(batches.slice(4).map((x) => `${x.keys.join('')}@${ms(x.at)}`)).toEqual(['ab@660']);
    await s.stop();
  });

  it('expedite reschedules a pending capture against a shorter interval', async () => {
    let interval = 1000;
    const { s, starts } = make(() => interval, 0);
    s.request('a');
    await vi.advanceTimersByTimeAsync(10);
    s.request('a'); // due at 1000
    interval = 50;
    s.expedite('a');
    await vi.advanceTimersByTimeAsync(100);
    expect(starts().map((x) => ms(x.at))).toEqual([0, 50]);
    await s.stop();
  });

  it('stop cancels pending captures and waits for running ones', async () => {
    const { s, starts } = make(100, 20);
    s.request('a');
    await vi.advanceTimersByTimeAsync(0);
    s.request('a'); // a trailing capture is now due
    const stopped = s.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopped;
    expect(starts()).toHaveLength(1);
  });

  describe('settle (read once the output pauses)', () => {
    it('settling keys re-check on a shared grid: one timer wake-up for many keys', async () => {
      const { s, starts } = make(250, 5, { settleFor: () => ({ quietMs: 150, maxWaitMs: 750 }) });
      // Three keys whose spinners are out of phase: 0, 30 and 60 ms into each 100 ms.
      for (let t = 0; t < 2000; t += 10) {
        for (const [k, phase] of [['a', 0], ['b', 30], ['c', 60]] as const) if (t % 100 === phase) s.request(k);
        await vi.advanceTimersByTimeAsync(10);
      }
      // After each key's first read, every later read starts on the 50 ms grid (one batch per tick).
      const later = starts().slice(3);
      expect(later.length).toBeGreaterThan(3);
      for (const x of later) expect(ms(x.at - 1) % 50).toBe(0);
      await s.stop();
    });

    const settle = { quietMs: 200, maxWaitMs: 750 };
    // A spinner: a signal every 100 ms for `ms` milliseconds.
    async function spin(s: CaptureScheduler, key: string, ms: number) {
      for (let t = 0; t < ms; t += 100) {
        s.request(key);
        await vi.advanceTimersByTimeAsync(100);
      }
    }

    it('a repaint that never pauses is read once per maxWaitMs, not once per interval', async () => {
      const { s, starts } = make(250, 5, { settleFor: () => settle });
      await spin(s, 'a', 3000);
      // The first signal of a quiet key is read at once; then one look per 750 ms, on the 50 ms
      // grid every settling key shares (a capture starts a tick after its due time: 751 → 1550).
      expect(starts().map((x) => ms(x.at))).toEqual([0, 750, 1550, 2350]);
      // Without settle the same spinner is read every interval.
      const plain = make(250, 5);
      await spin(plain.s, 'a', 3000);
      expect(plain.starts().length).toBeGreaterThanOrEqual(12);
      await s.stop();
      await plain.s.stop();
    });

    it('reads quietMs after the last signal of a burst (the dialog that stopped the spinner)', async () => {
      const { s, starts } = make(250, 5, { settleFor: () => settle });
      await spin(s, 'a', 600); // signals at 0..500
      await vi.advanceTimersByTimeAsync(1000);
      // 0: first signal at once; the burst's last signal at 500 → read at 700, before maxWait (750).
      expect(starts().map((x) => ms(x.at))).toEqual([0, 700]);
      await s.stop();
    });

    it('counts the quiet time from when the change happened when the signal says so (a polled pane file mtime)', async () => {
      const { s, starts } = make(250, 5, { settleFor: () => settle });
      s.request('a'); // read at 0
      await vi.advanceTimersByTimeAsync(400);
      // Seen at 400, drawn at 300: quiet since 300, read at 500 (not 600). A later `at` never moves it back.
      s.request('a', 300);
      s.request('a', 250);
      await vi.advanceTimersByTimeAsync(600);
      expect(starts().map((x) => ms(x.at))).toEqual([0, 500]);
      // A time from the future counts as now.
      s.request('a', Date.now() + 10_000);
      const seen = Date.now();
      await vi.advanceTimersByTimeAsync(1000);
      expect(ms(starts()[2]!.at)).toBe(ms(seen + settle.quietMs));
      await s.stop();
    });

    it('never reads sooner than the interval, and only keys with a settle wait for a pause', async () => {
      const { s, starts } = make(250, 5, { settleFor: (k) => (k === 'busy' ? { quietMs: 50, maxWaitMs: 750 } : undefined) });
      s.request('busy');
      s.request('idle');
      await vi.advanceTimersByTimeAsync(10);
      s.request('busy');
      s.request('idle');
      await vi.advanceTimersByTimeAsync(1000);
      // Both: at once, then the trailing read after the 250 ms interval (quiet 50 ms < interval).
      expect(starts().map((x) => `${x.key}@${ms(x.at)}`)).toEqual(['busy@0', 'idle@0', 'busy@250', 'idle@250']);
      await s.stop();
    });

    it('a key that stops settling is read on its interval again', async () => {
      let busy = true;
      const { s, starts } = make(100, 5, { settleFor: () => (busy ? settle : undefined) });
      await spin(s, 'a', 400); // 0, then waiting for a pause
      busy = false;
      s.expedite('a');
      await vi.advanceTimersByTimeAsync(50);
      expect(starts().map((x) => ms(x.at))).toEqual([0, 400]);
      await s.stop();
    });
  });
});
