import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, loadOrCreateVaultKeyFile, readVaultKeyFile, vaultKeyId, type EnvConfig } from '@architect/core';
import type { SqliteConn } from '../openSqlite';
import { secretKeyIds } from '../queries/secrets';
import { Vault } from './vault';

type Db = Pick<SqliteConn, 'sqlite'>;

/** Where the key comes from: the environment (ARCHITECT_VAULT_KEY) or the key file. */
export type VaultKeySource = { kind: 'env'; key: Buffer } | { kind: 'file'; path: string };

export const newKeyPath = (keyPath: string) => `${keyPath}.new`;
export const oldKeyPath = (keyPath: string) => `${keyPath}.old`;

/**
 * Opens the vault: finishes or undoes a key rotation a crash interrupted, then loads the key
 * (creating the key file, 0600, on first use).
 */
export function openVault(db: Db, source: VaultKeySource): Vault {
  if (source.kind === 'env') return new Vault(db, source.key);
  settleVaultKeyFiles(db, source.path);
  return new Vault(db, loadOrCreateVaultKeyFile(source.path).key);
}

/**
 * Rotation leaves, at each instant, the key the rows are sealed with on disk (see rotateVaultKey):
 * - `vault.key.new` present and the rows carry its id: the re-encryption committed, the swap
 *   did not finish — finish it.
 * - `vault.key.new` present and the rows do not carry its id: the transaction never committed —
 *   the new key sealed nothing; drop it.
 * - only `vault.key.old` left: the swap finished; the old key seals nothing any more.
 */
export function settleVaultKeyFiles(db: Db, keyPath: string): 'none' | 'finished' | 'rolled_back' {
  const nPath = newKeyPath(keyPath);
  const oPath = oldKeyPath(keyPath);
  if (!fs.existsSync(nPath)) {
    if (fs.existsSync(oPath) && fs.existsSync(keyPath)) {
      fs.rmSync(oPath);
      fsyncDir(dirOf(keyPath));
    }
    return 'none';
  }
  const pending = readVaultKeyFile(nPath);
  if (secretKeyIds(db).includes(vaultKeyId(pending))) {
    swapKeyFiles(keyPath);
    return 'finished';
  }
  fs.rmSync(nPath);
  fsyncDir(dirOf(keyPath));
  return 'rolled_back';
}

/**
 * vault.key.new becomes vault.key. The current key is first kept as vault.key.old (a hard link,
 * so vault.key itself never disappears), the rename is atomic, and .old goes last.
 */
export function swapKeyFiles(keyPath: string): void {
  const dir = dirOf(keyPath);
  const oPath = oldKeyPath(keyPath);
  fs.rmSync(oPath, { force: true });
  if (fs.existsSync(keyPath)) fs.linkSync(keyPath, oPath);
  fsyncDir(dir);
  fs.renameSync(newKeyPath(keyPath), keyPath);
  fsyncDir(dir);
  fs.rmSync(oPath, { force: true });
  fsyncDir(dir);
}

const dirOf = (p: string) => path.dirname(p);

/** The key source the config names: ARCHITECT_VAULT_KEY when set, otherwise the key file. */
export function vaultKeySourceOf(c: Pick<EnvConfig, 'vaultKey' | 'vaultKeyPath'>): VaultKeySource {
  return c.vaultKey ? { kind: 'env', key: c.vaultKey.bytes } : { kind: 'file', path: c.vaultKeyPath };
}
