import crypto from 'node:crypto';

/**
 * Dashboard passwords are stored as scrypt hashes (node:crypto, no native add-on). The cost is
 * kept in the stored string so it can be raised later without breaking old hashes.
 * Format: scrypt$N$r$p$<salt b64>$<hash b64>.
 */
const N = 16_384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, KEY_LEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time comparison; a malformed stored value never verifies. */
export function verifyPassword(password: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length === 0) return false;
  try {
    const actual = crypto.scryptSync(password, salt, expected.length, { N: n, r, p, maxmem: 256 * 1024 * 1024 });
    return crypto.timingSafeEqual(actual, expected);
  } catch {
    return false; // parameters scrypt refuses (N not a power of two, too much memory)
  }
}

/** A new random password for a first start: 20 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(20);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** What a new password must satisfy (the CLI and the first start check it the same way). */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'the password must be at least 12 characters long';
  if (password.length > 1024) return 'the password must be at most 1024 characters long';
  if (/[\r\n]/.test(password)) return 'the password must be one line';
  return undefined;
}
