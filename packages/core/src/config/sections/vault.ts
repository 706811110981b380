import util from 'node:util';
import { z } from 'zod';
import { parseVaultKeyText } from '../../vault/vaultKeyText';

/**
 * Key material that must never be printed: JSON (pino), util.inspect and String() all show
 * "[redacted]", so logging a whole config object cannot leak the vault key.
 */
export class RedactedKey {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [util.inspect.custom](): string {
    return '[redacted]';
  }
}

/** ARCHITECT_VAULT_KEY: the vault key itself (base64 or hex of 32 bytes), instead of data/vault.key. */
export const vaultKeyEnvSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return undefined;
    const parsed = parseVaultKeyText(text);
    if ('problem' in parsed) {
      // The message never echoes the value: it is a secret even when malformed.
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return new RedactedKey(parsed.key);
  });
