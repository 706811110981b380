import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, type TempDb } from '../testing';
import { acquireLease, holdsLease, readLease, readSetting, releaseLease, writeFlag } from './settingsLease';

let db: TempDb;
beforeEach(() => (db = tempDb()));
afterEach(() => db.dispose());

const KEY = 'autoConfirm.lease';

describe('settings lease', () => {
  it('one holder at a time; renewals keep it; expiry hands it over', () => {
    expect(acquireLease(db, KEY, 'a', 1000, 5000)).toBe(true);
    expect(acquireLease(db, KEY, 'b', 2000, 5000)).toBe(false);
    expect(acquireLease(db, KEY, 'a', 4000, 5000)).toBe(true); // renew: now expires at 9000
    expect(acquireLease(db, KEY, 'b', 8999, 5000)).toBe(false);
    expect(holdsLease(db, KEY, 'a', 8999)).toBe(true);
    expect(holdsLease(db, KEY, 'a', 9000)).toBe(false);
    expect(acquireLease(db, KEY, 'b', 9000, 5000)).toBe(true);
    expect(holdsLease(db, KEY, 'a', 9001)).toBe(false);
    expect(readLease(db, KEY)).toMatchObject({ holder: 'b', expiresAt: 14_000, acquiredAt: 9000 });
  });

  it('keeps acquiredAt across renewals', () => {
    acquireLease(db, KEY, 'a', 1000, 5000);
    acquireLease(db, KEY, 'a', 3000, 5000);
    expect(readLease(db, KEY)).toMatchObject({ acquiredAt: 1000, expiresAt: 8000 });
  });

  it('release lets a standby in at once, and only the holder can release', () => {
    acquireLease(db, KEY, 'a', 1000, 60_000);
    expect(releaseLease(db, KEY, 'b', 1500)).toBe(false);
    expect(releaseLease(db, KEY, 'a', 1500)).toBe(true);
    expect(acquireLease(db, KEY, 'b', 1600, 60_000)).toBe(true);
  });

  it('a garbage row is taken over rather than wedging the lease forever', () => {
    db.sqlite.prepare("INSERT INTO settings (key, value) VALUES (?, 'not json')").run(KEY);
    expect(acquireLease(db, KEY, 'a', 1000, 5000)).toBe(true);
  });

  it('readSetting distinguishes missing, valid and unreadable values', () => {
    expect(readSetting(db, 'x')).toEqual({ found: false, value: undefined });
    writeFlag(db, 'x', true, 1);
    expect(readSetting(db, 'x')).toEqual({ found: true, value: true });
    writeFlag(db, 'x', false, 2);
    expect(readSetting(db, 'x')).toEqual({ found: true, value: false });
    db.sqlite.prepare("UPDATE settings SET value = '{bad' WHERE key = 'x'").run();
    expect(readSetting(db, 'x')).toEqual({ found: true, value: undefined });
  });
});
