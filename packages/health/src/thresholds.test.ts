import { describe, expect, it } from 'vitest';
import type { HealthStateRow } from '@architect/db';
import type { CheckSample } from './sample';
import { stepCheck, type Transition } from './thresholds';

const policy = { failuresToDown: 3, successesToUp: 2 };
const fail: CheckSample = { name: 'worker:x:0', status: 'fail', message: 'x:0 silent for 20 s' };
const ok: CheckSample = { name: 'worker:x:0', status: 'ok', message: 'x:0 alive' };
const warn: CheckSample = { name: 'worker:x:0', status: 'warn', message: 'x:0 slow' };

/** Feeds samples one per second from t=0; returns each step's state and transition. */
function run(samples: CheckSample[], p = policy): { state: string; transition: Transition; changedAt: number }[] {
  let prev: HealthStateRow | undefined;
  return samples.map((s, i) => {
    const { next, transition } = stepCheck(prev, s, p, i * 1000);
    prev = { ...next, version: next.version + 1 };
    return { state: next.state, transition, changedAt: next.changedAt };
  });
}

describe('stepCheck (N failures to go down, M successes to come back)', () => {
  it('goes down only on the third failure in a row', () => {
    const r = run([ok, fail, fail, fail, fail]);
    expect(r.map((x) => x.state)).toEqual(['up', 'up', 'up', 'down', 'down']);
    expect(r.map((x) => x.transition)).toEqual(['first', null, null, 'down', null]);
    expect(r[3]!.changedAt).toBe(3000);
    expect(r[4]!.changedAt).toBe(3000);
  });

  it('a success in between resets the failure streak', () => {
    const r = run([fail, fail, ok, fail, fail, ok]);
    expect(r.every((x) => x.state === 'up')).toBe(true);
    expect(r.filter((x) => x.transition === 'down')).toHaveLength(0);
  });

  it('comes back up only after two successes in a row', () => {
    const r = run([fail, fail, fail, ok, fail, ok, ok, ok]);
    expect(r.map((x) => x.state)).toEqual(['up', 'up', 'down', 'down', 'down', 'down', 'up', 'up']);
    expect(r.map((x) => x.transition)).toEqual(['first', null, 'down', null, null, null, 'up', null]);
    expect(r[6]!.changedAt).toBe(6000);
  });

  it('a warning counts as working for the verdict but is recorded when it starts and ends', () => {
    const r = run([ok, warn, warn, ok, fail, fail, fail, warn, warn]);
    expect(r.map((x) => x.transition)).toEqual(['first', 'status', null, 'status', null, null, 'down', null, 'up']);
  });

  it('with thresholds of 1 the first failing sample is already down', () => {
    const r = run([fail, ok], { failuresToDown: 1, successesToUp: 1 });
    expect(r.map((x) => [x.state, x.transition])).toEqual([['down', 'down'], ['up', 'up']]);
  });
});
