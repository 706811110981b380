import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { VaultKeyError, newVaultKey } from './vaultCipher';
import { formatVaultKeyText, parseVaultKeyText } from './vaultKeyText';

/** Key files are readable by their owner only; anything wider is refused rather than used. */
export const VAULT_KEY_MODE = 0o600;

export function readVaultKeyFile(keyPath: string): Buffer {
  const st = fs.statSync(keyPath);
  if ((st.mode & 0o077) !== 0) {
    throw new VaultKeyError(
      `vault key file ${keyPath} is readable by others (mode ${(st.mode & 0o777).toString(8)}): run \`chmod 600 ${keyPath}\``,
      { keyPath },
    );
  }
  const parsed = parseVaultKeyText(fs.readFileSync(keyPath, 'utf8'));
  if ('problem' in parsed) throw new VaultKeyError(`vault key file ${keyPath}: ${parsed.problem}`, { keyPath });
  return parsed.key;
}

/**
 * The key file's content, created on first use. The new key is written whole to a private temp
 * file, fsynced, then hard-linked into place: link() fails if the name exists, so two processes
 * starting at once agree on one key, and nobody ever reads a half-written file.
 */
export function loadOrCreateVaultKeyFile(keyPath: string): { key: Buffer; created: boolean } {
  if (fs.existsSync(keyPath)) return { key: readVaultKeyFile(keyPath), created: false };
  fs.mkdirSync(path.dirname(keyPath), { recursive: true, mode: 0o700 });
  const key = newVaultKey();
  const tmp = writePrivateTemp(keyPath, key);
  try {
    fs.linkSync(tmp, keyPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { key: readVaultKeyFile(keyPath), created: false };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fsyncDir(path.dirname(keyPath));
  return { key, created: true };
}

/** Write a key to `<keyPath>.<random>.tmp` with O_EXCL and mode 0600, fsynced; returns its path. */
export function writePrivateTemp(keyPath: string, key: Buffer): string {
  const tmp = `${keyPath}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, VAULT_KEY_MODE);
  try {
    fs.fchmodSync(fd, VAULT_KEY_MODE); // the umask may have taken bits away, never added; be exact
    fs.writeSync(fd, formatVaultKeyText(key));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return tmp;
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
