import fs from 'node:fs';
import path from 'node:path';
import { VaultKeyError, fsyncDir, newVaultKey, openValue, readVaultKeyFile, sealValue, vaultKeyId, writePrivateTemp } from '@architect/core';
import { immediate, type SqliteConn } from '../openSqlite';
import { recordAudit } from '../queries/auditLog';
import { allSealedSecrets, claimVaultKeyId, resealSecret, setVaultKeyId } from '../queries/secrets';
import { newKeyPath, settleVaultKeyFiles, swapKeyFiles } from './vaultKeySource';

type Db = Pick<SqliteConn, 'sqlite'>;

export interface RotationResult {
  reencrypted: number;
  oldKeyId: string;
  newKeyId: string;
}

/**
 * Re-encrypts every secret under a new key, crash-safe. The order is what makes it safe:
 * 1. the new key is written whole and fsynced as vault.key.new (vault.key untouched);
 * 2. ONE immediate transaction re-seals every row (all rows change key, or none do);
 * 3. vault.key is kept as vault.key.old, vault.key.new is renamed over vault.key, .old removed.
 * A crash before 2 commits leaves rows under vault.key; after it, under vault.key.new. Either
 * way the key that opens the rows is on disk, and `settleVaultKeyFiles` (run by every open)
 * tells which from the key ids stored beside the rows.
 */
export function rotateVaultKey(db: Db, keyPath: string, actor: string, now: number): RotationResult {
  settleVaultKeyFiles(db, keyPath);
  if (!fs.existsSync(keyPath)) throw new VaultKeyError(`no vault key file at ${keyPath}: nothing to rotate (it is created by the first \`secrets set\`)`, { keyPath });
  const oldKey = readVaultKeyFile(keyPath);
  const newKey = newVaultKey();
  const oldKeyId = vaultKeyId(oldKey);
  const newKeyId = vaultKeyId(newKey);

  const tmp = writePrivateTemp(keyPath, newKey);
  try {
    fs.linkSync(tmp, newKeyPath(keyPath));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fsyncDir(path.dirname(keyPath));

  let reencrypted: number;
  try {
    // Decrypting and sealing is CPU only: no I/O inside the transaction.
    reencrypted = immediate(db, () => {
      if (!claimVaultKeyId(db, oldKeyId, now)) throw new VaultKeyError(`the vault's current key is not the key file's (${oldKeyId})`);
      const rows = allSealedSecrets(db);
      for (const row of rows) {
        if (row.keyId !== null && row.keyId !== oldKeyId) throw new VaultKeyError(`secret "${row.name}" is sealed with key ${row.keyId}, not the key file's ${oldKeyId}`);
        const value = openValue(oldKey, row.name, row);
        if (!resealSecret(db, row, sealValue(newKey, row.name, value), newKeyId)) throw new VaultKeyError(`secret "${row.name}" changed during rotation`);
      }
      setVaultKeyId(db, newKeyId, now);
      recordAudit(db, { actor, action: 'secrets.rotate_key', target: null, details: { reencrypted: rows.length, oldKeyId, newKeyId }, ip: null }, now);
      return rows.length;
    });
  } catch (err) {
    // Nothing committed: the new key sealed nothing, so it is dropped.
    settleVaultKeyFiles(db, keyPath);
    throw err;
  }
  swapKeyFiles(keyPath);
  return { reencrypted, oldKeyId, newKeyId };
}
