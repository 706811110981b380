import { describe, expect, it } from 'vitest';
import { lockPathProblem, lockPatternsOverlap, normalizeLockPath } from './lockPatterns';

describe('lockPatternsOverlap', () => {
  const cases: [string, string, boolean][] = [
    ['src/a.ts', 'src/a.ts', true],
    ['src/a.ts', 'src/b.ts', false],
    ['src/**', 'src/a.ts', true],
    ['src/**', 'src/deep/er/a.ts', true],
    ['src', 'src/a.ts', true], // a directory covers what is inside it
    ['src/', 'src/lib/a.ts', true],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/lib/a.ts', false],
    ['src/*', 'src/lib/a.ts', true], // src/* names the directory src/lib too
    ['src/*.ts', 'src/a.js', false],
    ['src/*.ts', 'test/a.ts', false],
    ['**/*.md', 'docs/guide/intro.md', true],
    ['**/*.md', 'src/a.ts', false],
    ['src/a*', 'src/*b', true],
    ['src/?.ts', 'src/ab.ts', false],
    ['src/?.ts', 'src/a.ts', true],
    ['./src//a.ts', 'src/a.ts', true],
    ['/abs/src', 'abs/src', false], // absolute and relative never meet
    ['/abs/**', '/abs/x/y', true],
    ['a/**/z', 'a/b/c/z', true],
    ['a/**/z', 'a/b/c/y', true], // the directory a/b/c/y may hold a/b/c/y/z
    ['a/**/z.ts', 'a/b/c/y.ts', false],
    ['docs/README.md', 'docs', true],
    ['docs/a.md', 'src/**', false],
  ];
  it.each(cases)('%s vs %s → %s', (a, b, expected) => {
    expect(lockPatternsOverlap(a, b)).toBe(expected);
    expect(lockPatternsOverlap(b, a)).toBe(expected);
  });

  it('normalises paths and rejects bad ones', () => {
    expect(normalizeLockPath(' ./src//lib/ ')).toBe('src/lib');
    expect(lockPathProblem('')).toMatch(/empty/);
    expect(lockPathProblem('../etc/passwd')).toMatch(/\.\./);
    expect(lockPathProblem('src/a.ts')).toBeUndefined();
  });
});
