import { afterEach, expect, it } from 'vitest';
import { silentLogger, verifyPassword } from '@architect/core';
import { readPasswordHash } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { ensurePassword } from './firstPassword';

let db: TempDb | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

it('generates a password on the first start only, prints it once and stores only its hash', () => {
  db = tempDb();
  const printed: string[] = [];
  expect(ensurePassword(db, silentLogger(), Date.now(), (t) => printed.push(t))).toBe(true);
  const password = /^ {4}(\S+)$/m.exec(printed.join(''))![1]!;
  const hash = readPasswordHash(db)!;
  expect(hash).not.toContain(password);
  expect(verifyPassword(password, hash)).toBe(true);
  expect(ensurePassword(db, silentLogger(), Date.now(), (t) => printed.push(t))).toBe(false);
  expect(printed).toHaveLength(1);
});
