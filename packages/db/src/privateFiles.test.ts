import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from './createDb';
import { ensurePrivateHome } from './privateFiles';

let root: string;
let oldMask: number;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-private-'));
  // A typical permissive umask: what we create must be private anyway.
  oldMask = process.umask(0o022);
});
afterEach(() => {
  process.umask(oldMask);
  fs.rmSync(root, { recursive: true, force: true });
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('private files', () => {
  it('a new database: its directory 0700, the file, -wal and -shm 0600', () => {
    const file = path.join(root, 'home', 'data', 'architect.db');
    const db = createDb({ path: file });
    db.sqlite.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(path.join(root, 'home'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    db.close();
  });

  it('an existing world-readable database is tightened when opened; a shared directory is left alone', () => {
    const file = path.join(root, 'shared.db');
    fs.chmodSync(root, 0o755);
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    const db = createDb({ path: file });
    db.sqlite.exec('CREATE TABLE t (x)');
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(root)).toBe(0o755);
    db.close();
  });

  it('ensurePrivateHome makes data/ and logs/ 0700, existing or not', () => {
    fs.mkdirSync(path.join(root, 'data'), { mode: 0o755 });
    fs.chmodSync(path.join(root, 'data'), 0o755);
    ensurePrivateHome(root);
    expect(mode(path.join(root, 'data'))).toBe(0o700);
    expect(mode(path.join(root, 'logs'))).toBe(0o700);
  });
});
