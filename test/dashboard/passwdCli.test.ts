import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { verifyPassword } from '@architect/core';
import { createDb, readPasswordHash, setWebSession } from '@architect/db';
import { architect } from '../support/cli';

let home: string | undefined;
afterEach(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
  home = undefined;
});

it('architect dashboard passwd reads the password from stdin, stores its scrypt hash and ends every login session', () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-passwd-'));
  const env = { ARCHITECT_HOME: home };
  expect(architect(['db', 'migrate'], env).code).toBe(0);
  const db = createDb({ path: path.join(home, 'data', 'architect.db') });
  try {
    setWebSession(db, 'old', '{}', Date.now() + 60_000);
    const short = architect(['dashboard', 'passwd'], env, 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12/);
    expect(readPasswordHash(db)).toBeUndefined();
    const ok = architect(['dashboard', 'passwd', '--json'], env, 'a long enough passphrase\n');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ changed: true, sessions_ended: 1 });
    const hash = readPasswordHash(db)!;
    expect(verifyPassword('a long enough passphrase', hash)).toBe(true);
    expect(fs.readFileSync(path.join(home, 'data', 'architect.db')).includes('a long enough passphrase')).toBe(false);
    expect(db.sqlite.prepare("SELECT action FROM audit_log").all()).toEqual([{ action: 'dashboard.passwd' }]);
  } finally {
    db.close();
  }
});
