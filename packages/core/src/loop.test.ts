import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { silentLogger } from './logger';
import { Loop } from './loop';

const tickOnce = () => new Promise((r) => setImmediate(r));

describe('Loop', () => {
  it('never overlaps ticks and runs again at once while work remains', async () => {
    let active = 0;
    let maxActive = 0;
    let remaining = 5;
    const clock = new ManualClock();
    const loop = new Loop({
      name: 't',
      intervalMs: 1000,
      log: silentLogger(),
      clock,
      tick: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 2));
        active--;
        return --remaining > 0;
      },
    });
    loop.start();
    // Wait for the work to run out (bounded), not a fixed time: a loaded machine is slow to schedule.
    for (let waited = 0; loop.ticks < 5 && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 30));
    expect(loop.ticks).toBe(5); // ran 5 times without the clock moving, and not a sixth
    expect(maxActive).toBe(1);
    await loop.stop();
  });

  it('wakes early when nudged and sleeps otherwise', async () => {
    const clock = new ManualClock();
    const loop = new Loop({ name: 't', intervalMs: 60_000, log: silentLogger(), clock, tick: async () => {} });
    loop.start();
    await tickOnce();
    expect(loop.ticks).toBe(1);
    await tickOnce();
    expect(loop.ticks).toBe(1);
    loop.nudge();
    await tickOnce();
    await tickOnce();
    expect(loop.ticks).toBe(2);
    clock.advance(60_000);
    await tickOnce();
    await tickOnce();
    expect(loop.ticks).toBe(3);
    await loop.stop();
  });

  it('survives a failing tick and backs off exponentially', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const loop = new Loop({
      name: 't',
      intervalMs: 10,
      log: silentLogger(),
      clock,
      backoff: { baseMs: 100, maxMs: 400 },
      tick: async () => {
        calls++;
        throw new Error('boom');
      },
    });
    loop.start();
    await tickOnce();
    expect(calls).toBe(1);
    clock.advance(99);
    await tickOnce();
    expect(calls).toBe(1);
    clock.advance(1);
    await tickOnce();
    await tickOnce();
    expect(calls).toBe(2);
    clock.advance(199); // second failure waits 200
    await tickOnce();
    expect(calls).toBe(2);
    clock.advance(1);
    await tickOnce();
    await tickOnce();
    expect(calls).toBe(3);
    expect(loop.failures).toBe(3);
    await loop.stop();
  });

  it('stop() waits for the in-flight tick and is idempotent', async () => {
    let finished = false;
    const loop = new Loop({
      name: 't',
      intervalMs: 10,
      log: silentLogger(),
      tick: async () => {
        await new Promise((r) => setTimeout(r, 30));
        finished = true;
      },
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all([loop.stop(), loop.stop()]);
    expect(finished).toBe(true);
  });
});
