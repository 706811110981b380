import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../testing';
import { enqueuePrompt } from './prompts';
import { claimPrompt } from './promptTransitions';
import { activeLocks, listLocks, refreshLocks, releaseLock } from './locks';

let db: TempDb;
const T0 = 1_800_000_000_000;
beforeEach(() => {
  db = tempDb();
  for (const n of ['w1', 'w2']) db.sqlite.prepare("INSERT INTO sessions (name, provider, state) VALUES (?, 'claude', 'idle')").run(n);
});
afterEach(() => db.dispose());

it('refresh extends the locks of live prompts, never revives a lapsed one; list and release', () => {
  const a = enqueuePrompt(db, { content: 'a', lockPaths: ['src/a.ts'] }, T0);
  const b = enqueuePrompt(db, { content: 'b', lockPaths: ['docs/**'] }, T0);
  claimPrompt(db, { promptId: a, session: 'w1', now: T0, lockTtlMs: 1000 });
  claimPrompt(db, { promptId: b, session: 'w2', now: T0, lockTtlMs: 1000 });
  expect(refreshLocks(db, [a], T0 + 900, 1000)).toBe(1);
  // b was not refreshed: lapsed at T0 + 1000; a refresh after that does not bring it back
  expect(refreshLocks(db, [b], T0 + 1500, 1000)).toBe(0);
  expect(activeLocks(db, T0 + 1500).map((l) => l.path)).toEqual(['src/a.ts']);
  const listed = listLocks(db, T0 + 1500);
  expect(listed.map((l) => [l.path, l.sessionName, l.promptId, l.expired, l.promptStatus])).toEqual([
    ['src/a.ts', 'w1', a, false, 'assigned'],
    ['docs/**', 'w2', b, true, 'assigned'],
  ]);
  expect(releaseLock(db, listed[0]!.id)).toBe(true);
  expect(releaseLock(db, listed[0]!.id)).toBe(false);
  expect(activeLocks(db, T0 + 1500)).toEqual([]);
});
