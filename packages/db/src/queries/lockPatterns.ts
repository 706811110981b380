/**
 * Overlap of two lock patterns: can one file be covered by both? Patterns are paths or globs
 * (`*` and `?` within a segment, `**` across segments). A pattern that names a directory also
 * covers everything below it, so locking `src` conflicts with `src/a.ts`, and `src/**` with
 * `src/a.ts`, but `src/*.ts` does not conflict with `src/lib/a.ts`. A pattern is taken for a
 * directory unless its last segment ends in an extension (`a.ts`, `*.md`) — a trailing `/`
 * always means a directory. Paths are compared as written after normalising (`./`, duplicate
 * and trailing slashes): the prompt's author names them relative to the project.
 */

export function normalizeLockPath(raw: string): string {
  let p = raw.trim().replace(/\/{2,}/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/\/\.(?=\/|$)/g, '');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  return p;
}

/** A lock path must name something: not empty, no NUL, no `..` escaping upwards. */
export function lockPathProblem(raw: string): string | undefined {
  const p = normalizeLockPath(raw);
  if (p === '' || p === '.') return 'empty lock path';
  if (p.includes('\0')) return 'lock path contains a NUL byte';
  if (p.split('/').includes('..')) return `lock path may not contain "..": ${raw}`;
  if (p.length > 1024) return 'lock path longer than 1024 characters';
  return undefined;
}

export function lockPatternsOverlap(a: string, b: string): boolean {
  return segmentsIntersect(withDescendants(a), withDescendants(b));
}

const FILE_LIKE = /\.[A-Za-z0-9_-]+$/;

function withDescendants(pattern: string): string[] {
  const p = normalizeLockPath(pattern);
  const directory = pattern.trim().endsWith('/') || !FILE_LIKE.test(p.slice(p.lastIndexOf('/') + 1));
  const absolute = p.startsWith('/');
  const segs = p.split('/').filter((s) => s !== '');
  // Absolute and relative patterns live in different namespaces; a marker segment keeps them apart.
  if (absolute) segs.unshift('\0root');
  if (directory && segs[segs.length - 1] !== '**') segs.push('**');
  return segs;
}

/** Intersection of two segment sequences where `**` stands for any number of segments. */
function segmentsIntersect(a: string[], b: string[]): boolean {
  return intersect(a.length, b.length, (i) => a[i] === '**', (j) => b[j] === '**', (i, j) => globsIntersect(a[i]!, b[j]!));
}

/** Intersection of two single-segment globs (`*` any run, `?` any one character). */
export function globsIntersect(a: string, b: string): boolean {
  const ca = Array.from(a);
  const cb = Array.from(b);
  return intersect(
    ca.length,
    cb.length,
    (i) => ca[i] === '*',
    (j) => cb[j] === '*',
    (i, j) => ca[i] === '?' || cb[j] === '?' || ca[i] === cb[j],
  );
}

/**
 * Reachability over (i, j) positions of two star-patterns: a star may match nothing (skip it) or
 * absorb one unit produced by the other side; two plain units advance together when compatible.
 * Both sides reaching their end means some string matches both.
 */
function intersect(
  n: number,
  m: number,
  starA: (i: number) => boolean,
  starB: (j: number) => boolean,
  compatible: (i: number, j: number) => boolean,
): boolean {
  const seen = new Uint8Array((n + 1) * (m + 1));
  const stack: [number, number][] = [[0, 0]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    const k = i * (m + 1) + j;
    if (seen[k]) continue;
    seen[k] = 1;
    if (i === n && j === m) return true;
    const sa = i < n && starA(i);
    const sb = j < m && starB(j);
    if (sa) stack.push([i + 1, j]);
    if (sb) stack.push([i, j + 1]);
    if (sa && j < m && !sb) stack.push([i, j + 1]);
    if (sb && i < n && !sa) stack.push([i + 1, j]);
    if (!sa && !sb && i < n && j < m && compatible(i, j)) stack.push([i + 1, j + 1]);
  }
  return false;
}
