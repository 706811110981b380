import { VAULT_KEY_BYTES } from './vaultCipher';

/**
 * A key given as text (ARCHITECT_VAULT_KEY or the key file's content): 64 hex digits or the
 * base64 (standard or url-safe) of exactly 32 bytes. Returns the problem in words, or the key.
 */
export function parseVaultKeyText(text: string): { key: Buffer } | { problem: string } {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return { key: Buffer.from(t, 'hex') };
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === VAULT_KEY_BYTES) return { key };
    return { problem: `must be ${VAULT_KEY_BYTES} bytes as base64 or 64 hex digits; this base64 decodes to ${key.length} bytes` };
  }
  return { problem: `must be ${VAULT_KEY_BYTES} bytes as base64 or 64 hex digits (e.g. \`openssl rand -base64 32\`)` };
}

export function formatVaultKeyText(key: Buffer): string {
  return `${key.toString('base64')}\n`;
}
