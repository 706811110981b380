import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@architect/core';
import { listWorkers } from './queries/workers';
import { tempDb, type TempDb } from './testing';
import { WorkerRegistration } from './workerRegistration';

let db: TempDb;
beforeEach(() => (db = tempDb()));
afterEach(() => db.dispose());

describe('WorkerRegistration', () => {
  it("adds the process's memory to the daemon's own facts in every heartbeat", async () => {
    const reg = new WorkerRegistration({ db, name: 'assigner', instance: 1, heartbeatMs: 100, log: silentLogger(), info: () => ({ delivered: 7 }) });
    reg.start();
    try {
      const deadline = Date.now() + 5000;
      while (!listWorkers(db, Date.now())[0]?.info && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const info = listWorkers(db, Date.now())[0]!.info as Record<string, number>;
      expect(info.delivered).toBe(7);
      const rss = process.memoryUsage().rss / 1048576;
      // The figures are this process's, in MB: the resident size is near what Node reports now.
      expect(Math.abs(info.rssMb! - rss)).toBeLessThan(rss / 2);
      expect(info.heapMb).toBeGreaterThan(0);
      expect(info.heapMb).toBeLessThan(info.rssMb!);
      expect(typeof info.externalMb).toBe('number');
    } finally {
      await reg.stop();
    }
    expect(listWorkers(db, Date.now())[0]!.status).toBe('stopped');
  });
});
