import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: found by walking up from this module to the pnpm workspace file. Works
 * from source (vitest) and from a bundled apps/<name>/dist/main.js alike.
 */
export function findRepoRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Architect repository root above ${from}`);
    dir = parent;
  }
}

export function migrationsDir(root: string = findRepoRoot()): string {
  return path.join(root, 'migrations');
}
