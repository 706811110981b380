import { generatePassword, hashPassword, type Logger } from '@architect/core';
import { initPasswordHash, readPasswordHash, type Db } from '@architect/db';

/**
 * No default password: with none set, the first start makes a random one, stores only its
 * hash, and prints it once on stderr (PM2 keeps it in logs/dashboard.err.log). Change it with
 * `architect dashboard passwd`.
 */
export function ensurePassword(db: Db, log: Logger, now: number, write: (text: string) => void): boolean {
  if (readPasswordHash(db)) return false;
  const password = generatePassword();
  if (!initPasswordHash(db, hashPassword(password), now)) return false; // another process set one first
  write(`\narchitect dashboard: no password was set; generated one (shown once):\n\n    ${password}\n\nChange it with: architect dashboard passwd\n\n`);
  log.warn('no dashboard password was set: generated one and printed it once on stderr');
  return true;
}
