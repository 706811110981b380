import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '@architect/core';
import { createDb } from './createDb';
import { DbChangeWatcher } from './changeWatcher';
import { tempDb, type TempDb } from './testing';

let db: TempDb | undefined;
afterEach(() => db?.dispose());

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
  return check();
};

it("fires on another connection's commit, not on our own", async () => {
  db = tempDb();
  const other = createDb({ path: db.path });
  let changes = 0;
  const watcher = new DbChangeWatcher({ db, onChange: () => changes++, log: silentLogger() });
  watcher.start();
  try {
    db.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('own', '1')").run();
    await new Promise((r) => setTimeout(r, 100));
    expect(changes).toBe(0);

    const started = Date.now();
    other.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('other', '1')").run();
    expect(await until(() => changes > 0, 2000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  } finally {
    watcher.stop();
    other.close();
  }
});
