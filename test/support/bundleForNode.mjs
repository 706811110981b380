// Bundles a TypeScript entry (and the workspace sources it imports) into one ESM file that a
// plain `node` child process can run: cross-process tests and benchmarks drive the real query
// code without a build of their own. better-sqlite3 stays external (native addon) and is
// imported from its installed location, so the bundle may live in any temp directory.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

export async function bundleForNode(entry, outFile) {
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
