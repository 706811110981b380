import { expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwordHash';

it('hashes with scrypt and a fresh salt, verifies only the right password, rejects malformed hashes', () => {
  const a = hashPassword('correct horse battery staple');
  const b = hashPassword('correct horse battery staple');
  expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  expect(a).not.toBe(b);
  expect(a).not.toContain('horse');
  expect(verifyPassword('correct horse battery staple', a)).toBe(true);
  expect(verifyPassword('correct horse battery stapl', a)).toBe(false);
  for (const bad of ['', 'plain', 'scrypt$1$2$3$$', 'scrypt$99999999$8$1$AAAA$AAAA', 'scrypt$3$8$1$AAAA$AAAA', 'bcrypt$x$y$z$a$b']) expect(verifyPassword('x', bad)).toBe(false);
});

it('generates strong passwords and states what a new one must be', () => {
  const p = generatePassword();
  expect(p).toHaveLength(20);
  expect(passwordProblem(p)).toBeUndefined();
  expect(generatePassword()).not.toBe(p);
  expect(passwordProblem('short')).toMatch(/12/);
  expect(passwordProblem('two\nlines of text')).toMatch(/one line/);
});
