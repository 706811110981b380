import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultDecryptError, VaultKeyError, newVaultKey, readVaultKeyFile, vaultKeyId, writePrivateTemp } from '@architect/core';
import { tempDb, type TempDb } from '../testing';
import { listAudit } from '../queries/auditLog';
import { getSealedSecret } from '../queries/secrets';
import { openVault, newKeyPath, oldKeyPath, settleVaultKeyFiles } from './vaultKeySource';
import { rotateVaultKey } from './rotateVaultKey';

const dbs: TempDb[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.dispose();
});
function setup() {
  const db = tempDb();
  dbs.push(db);
  return { db, keyPath: path.join(db.dir, 'vault.key') };
}

const PLAIN = ['sk_live_51HxQ9PLAINTEXTMARKER', 'hunter2-PLAINTEXT-password-zz9', 'AC-auth-token-PLAINTEXTMARKER-7f3'];

function filesOf(dir: string): Buffer[] {
  return fs.readdirSync(dir).filter((f) => !f.startsWith('vault.key')).map((f) => fs.readFileSync(path.join(dir, f)));
}

describe('vault on a real database', () => {
  it('round-trips, lists names and services only, audits every reveal', () => {
    const { db, keyPath } = setup();
    const vault = openVault(db, { kind: 'file', path: keyPath });
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(vault.set('STRIPE_KEY', PLAIN[0]!, { service: 'stripe', actor: 'cli' }, 1000)).toBe('created');
    expect(vault.set('STRIPE_KEY', PLAIN[1]!, { actor: 'cli' }, 2000)).toBe('updated');
    const listing = vault.list();
    expect(listing).toEqual([expect.objectContaining({ name: 'STRIPE_KEY', service: 'stripe', updated_at: 2000 })]);
    expect(JSON.stringify(listing)).not.toMatch(/ciphertext|nonce|tag|PLAINTEXT/);
    expect(vault.reveal('STRIPE_KEY', { actor: 'cli', ip: null }, 3000)).toBe(PLAIN[1]);
    const audit = listAudit(db, 10).map((a) => `${a.action}:${a.target}`);
    expect(audit).toEqual(['secrets.reveal:STRIPE_KEY', 'secrets.set:STRIPE_KEY', 'secrets.set:STRIPE_KEY']);
    expect(JSON.stringify(listAudit(db, 10))).not.toContain('PLAINTEXT');
    vault.remove('STRIPE_KEY', 'cli', 4000);
    expect(() => vault.reveal('STRIPE_KEY', { actor: 'cli' }, 5000)).toThrow(/does not exist/);
  });

  it('leaves no plaintext byte sequence in the database file, its WAL or a backup', async () => {
    const { db, keyPath } = setup();
    const vault = openVault(db, { kind: 'file', path: keyPath });
    PLAIN.forEach((v, i) => vault.set(`S${i}`, v, { actor: 'test' }, 1000 + i));
    vault.set('S0', PLAIN[0]!, { actor: 'test' }, 5000); // an overwrite: the old page images too
    await db.sqlite.backup(path.join(db.dir, 'backup.db'));
    const files = filesOf(db.dir);
    expect(files.length).toBeGreaterThanOrEqual(2); // db + wal (+ backup)
    for (const bytes of files) {
      for (const v of PLAIN) {
        expect(bytes.includes(Buffer.from(v, 'utf8'))).toBe(false);
        expect(bytes.includes(Buffer.from(v.slice(4, 20), 'utf8'))).toBe(false);
      }
    }
  });

  it('a value copied into another row fails to decrypt, and the failure is audited', () => {
    const { db, keyPath } = setup();
    const vault = openVault(db, { kind: 'file', path: keyPath });
    vault.set('A', 'value-a', { actor: 't' }, 1);
    vault.set('B', 'value-b', { actor: 't' }, 1);
    db.sqlite.exec('UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets WHERE name = \'A\'), nonce = (SELECT nonce FROM secrets WHERE name = \'A\'), tag = (SELECT tag FROM secrets WHERE name = \'A\') WHERE name = \'B\'');
    expect(() => vault.reveal('B', { actor: 't' }, 2)).toThrow(VaultDecryptError);
    expect(listAudit(db, 1)[0]!.action).toBe('secrets.reveal_failed');
  });

  it('refuses a key that is not the one the rows are sealed with', () => {
    const { db, keyPath } = setup();
    openVault(db, { kind: 'file', path: keyPath }).set('A', 'x', { actor: 't' }, 1);
    expect(() => openVault(db, { kind: 'env', key: newVaultKey() })).toThrow(VaultKeyError);
    const fromEnv = openVault(db, { kind: 'env', key: readVaultKeyFile(keyPath) });
    expect(fromEnv.reveal('A', { actor: 't' }, 2)).toBe('x');
  });

  it('rotate-key re-encrypts every value under a new key and replaces the key file', () => {
    const { db, keyPath } = setup();
    const vault = openVault(db, { kind: 'file', path: keyPath });
    PLAIN.forEach((v, i) => vault.set(`S${i}`, v, { actor: 't' }, 1));
    const before = getSealedSecret(db, 'S0')!;
    const oldKey = readVaultKeyFile(keyPath);
    const r = rotateVaultKey(db, keyPath, 'cli', 10);
    expect(r.reencrypted).toBe(3);
    const newKey = readVaultKeyFile(keyPath);
    expect(newKey.equals(oldKey)).toBe(false);
    expect(r.newKeyId).toBe(vaultKeyId(newKey));
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(db.dir).filter((f) => f.startsWith('vault.key'))).toEqual(['vault.key']);
    expect(getSealedSecret(db, 'S0')!.ciphertext.equals(before.ciphertext)).toBe(false);
    const reopened = openVault(db, { kind: 'file', path: keyPath });
    PLAIN.forEach((v, i) => expect(reopened.reveal(`S${i}`, { actor: 't' }, 11)).toBe(v));
    expect(() => openVault(db, { kind: 'env', key: oldKey })).toThrow(VaultKeyError);
    expect(listAudit(db, 10).some((a) => a.action === 'secrets.rotate_key')).toBe(true);
  });

  it('a rotation cut before its transaction committed is rolled back: the old key stays', () => {
    const { db, keyPath } = setup();
    openVault(db, { kind: 'file', path: keyPath }).set('A', 'alpha', { actor: 't' }, 1);
    const oldKey = readVaultKeyFile(keyPath);
    // the state a crash leaves after step 1: vault.key.new written, rows untouched
    fs.linkSync(writePrivateTemp(keyPath, newVaultKey()), newKeyPath(keyPath));
    expect(settleVaultKeyFiles(db, keyPath)).toBe('rolled_back');
    expect(fs.existsSync(newKeyPath(keyPath))).toBe(false);
    expect(readVaultKeyFile(keyPath).equals(oldKey)).toBe(true);
    for (const f of fs.readdirSync(db.dir).filter((n) => n.endsWith('.tmp'))) fs.rmSync(path.join(db.dir, f));
    expect(openVault(db, { kind: 'file', path: keyPath }).reveal('A', { actor: 't' }, 2)).toBe('alpha');
  });

  it('a rotation cut after its transaction committed is finished on the next open', () => {
    const { db, keyPath } = setup();
    openVault(db, { kind: 'file', path: keyPath }).set('A', 'alpha', { actor: 't' }, 1);
    rotateVaultKey(db, keyPath, 't', 2);
    const current = readVaultKeyFile(keyPath);
    // rebuild the state after step 2: rows under `current`, vault.key still the previous key
    fs.renameSync(keyPath, newKeyPath(keyPath));
    fs.linkSync(writePrivateTemp(keyPath, newVaultKey()), keyPath);
    fs.writeFileSync(oldKeyPath(keyPath), 'stale', { mode: 0o600 });
    const vault = openVault(db, { kind: 'file', path: keyPath });
    expect(readVaultKeyFile(keyPath).equals(current)).toBe(true);
    expect(fs.existsSync(newKeyPath(keyPath)) || fs.existsSync(oldKeyPath(keyPath))).toBe(false);
    expect(vault.reveal('A', { actor: 't' }, 3)).toBe('alpha');
  });

  it('a writer that loaded its key before a rotation cannot store a value under the old key (empty vault too)', () => {
    const { db, keyPath } = setup();
    const stale = openVault(db, { kind: 'file', path: keyPath });
    rotateVaultKey(db, keyPath, 't', 1); // nothing stored yet: only the current key id moves
    expect(() => stale.set('A', 'sealed-with-the-old-key', { actor: 't' }, 2)).toThrow(/rotated while this value was being sealed/);
    const fresh = openVault(db, { kind: 'file', path: keyPath });
    fresh.set('A', 'alpha', { actor: 't' }, 3);
    expect(() => openVault(db, { kind: 'env', key: readVaultKeyFile(keyPath) }).reveal('A', { actor: 't' }, 4)).not.toThrow();
    expect(() => stale.set('B', 'x', { actor: 't' }, 5)).toThrow(VaultKeyError);
  });
});
