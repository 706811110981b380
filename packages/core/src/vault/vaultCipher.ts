import crypto from 'node:crypto';
import { ArchitectError } from '../errors';

export const VAULT_KEY_BYTES = 32;
export const VAULT_NONCE_BYTES = 12;
export const VAULT_TAG_BYTES = 16;

/** One encrypted value as it is stored: three separate columns, nothing else. */
export interface SealedValue {
  ciphertext: Buffer;
  nonce: Buffer;
  tag: Buffer;
}

/** Decryption failed: wrong key, a tampered ciphertext/nonce/tag, or a value moved to another name. */
export class VaultDecryptError extends ArchitectError {
  constructor(name: string, options?: { cause?: unknown }) {
    super(
      'VAULT_DECRYPT',
      `secret "${name}" cannot be decrypted: wrong vault key, or the stored value was altered or moved from another secret`,
      { name },
      options,
    );
  }
}

export class VaultKeyError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('VAULT_KEY', message, data);
  }
}

/**
 * The associated data binds a ciphertext to its row's name: a value copied into another row
 * fails authentication instead of decrypting as the other secret. The prefix versions the format.
 */
function associatedData(name: string): Buffer {
  return Buffer.from(`architect-vault:v1:${name}`, 'utf8');
}

function checkKey(key: Buffer): void {
  if (key.length !== VAULT_KEY_BYTES) throw new VaultKeyError(`vault key must be ${VAULT_KEY_BYTES} bytes, got ${key.length}`);
}

/** AES-256-GCM with a fresh random 12-byte nonce for every value (never reused under one key). */
export function sealValue(key: Buffer, name: string, plaintext: string): SealedValue {
  checkKey(key);
  const nonce = crypto.randomBytes(VAULT_NONCE_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce, { authTagLength: VAULT_TAG_BYTES });
  cipher.setAAD(associatedData(name));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext, nonce, tag: cipher.getAuthTag() };
}

export function openValue(key: Buffer, name: string, sealed: SealedValue): string {
  checkKey(key);
  // A short tag or nonce would weaken or confuse GCM: refuse it before trying.
  if (sealed.nonce.length !== VAULT_NONCE_BYTES || sealed.tag.length !== VAULT_TAG_BYTES) throw new VaultDecryptError(name);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: VAULT_TAG_BYTES });
    decipher.setAAD(associatedData(name));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch (err) {
    throw new VaultDecryptError(name, { cause: err });
  }
}

/**
 * A short, non-secret identifier of a key (HMAC of a fixed label), stored beside every value so
 * a wrong key is reported as such and an interrupted rotation can tell which key the rows use.
 */
export function vaultKeyId(key: Buffer): string {
  checkKey(key);
  return crypto.createHmac('sha256', key).update('architect-vault-key-id').digest('hex').slice(0, 16);
}

export function newVaultKey(): Buffer {
  return crypto.randomBytes(VAULT_KEY_BYTES);
}
