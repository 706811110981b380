import type session from 'express-session';
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '@architect/core';
import { countWebSessions } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { SqliteSessionStore } from './sqliteSessionStore';

let db: TempDb | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

const get = (store: SqliteSessionStore, sid: string) =>
  new Promise<session.SessionData | null | undefined>((resolve, reject) => store.get(sid, (err, s) => (err ? reject(err) : resolve(s))));

it('keeps a session for the idle timeout after its last touch, then forgets and prunes it', async () => {
  db = tempDb();
  const clock = new ManualClock(1_000_000);
  const store = new SqliteSessionStore(db, clock, 60 * 60_000);
  const data = { cookie: { originalMaxAge: 3_600_000 }, user: 'admin', csrf: 'tok' } as unknown as session.SessionData;
  store.set('sid-1', data);
  expect(await get(store, 'sid-1')).toMatchObject({ user: 'admin', csrf: 'tok' });
  clock.advance(59 * 60_000);
  store.touch('sid-1', data); // a request: the idle hour starts again
  clock.advance(59 * 60_000);
  expect(await get(store, 'sid-1')).toMatchObject({ user: 'admin' });
  clock.advance(61 * 60_000);
  expect(await get(store, 'sid-1')).toBeNull();
  expect(store.prune()).toBe(1);
  expect(countWebSessions(db, clock.now())).toBe(0);
  store.set('sid-2', data);
  store.destroy('sid-2');
  expect(await get(store, 'sid-2')).toBeNull();
});
