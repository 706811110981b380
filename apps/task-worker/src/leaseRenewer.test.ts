import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock, silentLogger } from '@architect/core';
import { claimTask, enqueueTask, getTask, requestCancel, type ClaimedTask } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { LeaseRenewer } from './leaseRenewer';

const LEASE = 3000;
let db: TempDb;
let clock: ManualClock;
let task: ClaimedTask;
let renewer: LeaseRenewer | undefined;
const events: string[] = [];

beforeEach(() => {
  db = tempDb();
  clock = new ManualClock();
  events.length = 0;
  enqueueTask(db, { type: 'shell', payload: { command: 'true' }, maxAttempts: 3, timeoutSeconds: 60 }, clock.now());
  task = claimTask(db, 'me', LEASE, clock.now())!;
  renewer = new LeaseRenewer({
    db,
    claim: task,
    leaseMs: LEASE,
    clock,
    log: silentLogger(),
    onLost: () => events.push('lost'),
    onCancel: () => events.push('cancel'),
  });
  renewer.start();
});
afterEach(async () => {
  await renewer?.stop();
  db.dispose();
});

/** Let the renewer's continuation after a ManualClock wake-up run. */
const settle = () => new Promise((r) => setImmediate(r));

it('renews every third of the lease, so the lease never runs out while the task runs', async () => {
  for (let i = 1; i <= 5; i++) {
    clock.advance(LEASE / 3);
    await settle();
    expect(getTask(db, task.id)?.leaseExpiresAt).toBe(clock.now() + LEASE);
  }
  expect(events).toEqual([]);
});

it('reports a cancel request on renewal, and at once through checkCancel()', async () => {
  requestCancel(db, task.id, clock.now());
  renewer!.checkCancel();
  expect(events).toEqual(['cancel']);
  clock.advance(LEASE / 3);
  await settle();
  expect(events).toEqual(['cancel', 'cancel']);
});

it('reports the lease lost once another worker re-claimed the task', async () => {
  clock.advance(LEASE + 1); // the renewer wakes late (a stalled event loop) ...
  expect(claimTask(db, 'thief', LEASE, clock.now())?.id).toBe(task.id); // ... after someone re-claimed
  await settle();
  expect(events).toEqual(['lost']);
  expect(getTask(db, task.id)).toMatchObject({ workerId: 'thief', attempts: 2 });
  clock.advance(LEASE);
  await settle();
  expect(events).toEqual(['lost']); // it stops renewing
});

it('stop() is idempotent and ends the renewals', async () => {
  await renewer!.stop();
  await renewer!.stop();
  const lease = getTask(db, task.id)?.leaseExpiresAt;
  clock.advance(LEASE);
  await settle();
  expect(getTask(db, task.id)?.leaseExpiresAt).toBe(lease);
});
