// Bundles a TypeScript entry (and the workspace sources it imports) into one ESM file that a
// plain `node` child process can run: cross-process tests and benchmarks drive the real query
// code without a build of their own. better-sqlite3 stays external (native addon); the db
// package loads it with a require() relative to the bundle, so the bundle is always written
// inside the repository (node_modules/.cache/architect-bundles) where that require resolves —
// `outFile` only names it. Callers use the returned path.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

export async function bundleForNode(entry, requestedOutFile) {
  const cacheDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'architect-bundles');
  fs.mkdirSync(cacheDir, { recursive: true });
  // Bundles of earlier runs are garbage once their run is over.
  for (const f of fs.readdirSync(cacheDir)) {
    const file = path.join(cacheDir, f);
    if (Date.now() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
  }
  const outFile = path.join(cacheDir, `${process.pid}-${Date.now()}-${path.basename(requestedOutFile)}`);
  // esbuild is tsup's own dependency; reach it through tsup rather than adding a second copy.
  const esbuild = createRequire(require.resolve('tsup'))('esbuild');
  const sqlite = createRequire(path.join(REPO_ROOT, 'packages/db/package.json')).resolve('better-sqlite3');
  await esbuild.build({
    entryPoints: [path.resolve(REPO_ROOT, entry)],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [
      {
        name: 'native-external',
        setup(build) {
          build.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true }));
        },
      },
    ],
  });
  return outFile;
}
