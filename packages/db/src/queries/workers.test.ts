import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../testing';
import { heartbeatWorker, listWorkers, markWorkerStopped, registerWorker } from './workers';

let db: TempDb;
beforeEach(() => (db = tempDb()));
afterEach(() => db.dispose());

const ident = { name: 'task-worker', instance: 1, pid: 100, host: 'h', version: '1', heartbeatMs: 1000 };

describe('worker registry', () => {
  it('registers, heartbeats, flags stale, and marks stopped', () => {
    const id = registerWorker(db, ident, 10_000);
    expect(listWorkers(db, 10_500)[0]).toMatchObject({ id, status: 'running', stale: false, heartbeatAgeMs: 500, restarts: 0 });
    expect(listWorkers(db, 13_001)[0]!.stale).toBe(true);
    expect(heartbeatWorker(db, id, 100, 13_000)).toBe(true);
    expect(listWorkers(db, 13_001)[0]!.stale).toBe(false);
    expect(markWorkerStopped(db, id, 100, 14_000)).toBe(true);
    expect(listWorkers(db, 99_000)[0]).toMatchObject({ status: 'stopped', stale: false });
  });

  it('a restart of the same slot keeps one row, counts the restart, and fences the old pid', () => {
    const id = registerWorker(db, ident, 1000);
    registerWorker(db, { ...ident, pid: 200 }, 2000);
    const rows = listWorkers(db, 2000);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ pid: 200, restarts: 1 });
    expect(heartbeatWorker(db, id, 100, 3000)).toBe(false);
    expect(markWorkerStopped(db, id, 100, 3000)).toBe(false);
    expect(listWorkers(db, 3000)[0]!.status).toBe('running');
  });
});
