import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type Options } from 'tsup';

/**
 * A hash of the source behind a hook decision: every package, the CLI and auto-confirm (tests
 * excluded). `architect hook` and the auto-confirm daemon compare theirs: a daemon started before
 * the last build (still running the old policy code) does not answer for hooks built from the new
 * code.
 */
function sourceHash(): string {
  let root = process.cwd();
  while (!fs.existsSync(path.join(root, 'pnpm-workspace.yaml'))) {
    if (path.dirname(root) === root) return 'unknown';
    root = path.dirname(root);
  }
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) hash.update(`${path.relative(root, file)}\0`).update(fs.readFileSync(file)).update('\0');
    }
  };
  for (const name of fs.readdirSync(path.join(root, 'packages')).sort()) walk(path.join(root, 'packages', name, 'src'));
  for (const app of ['cli', 'auto-confirm']) walk(path.join(root, 'apps', app, 'src'));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Every app bundles to apps/<name>/dist/main.js with the workspace packages inlined, so PM2 runs
 * one compiled file and start-up stays fast (the hook handler runs inside the agent's turn).
 * Native and heavy third-party modules stay external and load from node_modules.
 */
export function appBuild(extra: Options = {}) {
  return defineConfig({
    entry: { main: 'src/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    outDir: 'dist',
    clean: true,
    sourcemap: true,
    splitting: false,
    // Bundle our packages and pure-JS dependencies; the native addon and PM2 load from node_modules,
    // so every app lists better-sqlite3 among its own dependencies.
    noExternal: [/^(?!better-sqlite3$|pm2$|playwright-core$)/],
    external: ['better-sqlite3', 'pm2', 'playwright-core'],
    define: { __ARCHITECT_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.1.0'), __ARCHITECT_BUILD__: JSON.stringify(sourceHash()) },
    banner: {
      js: [
        "import { createRequire as __cr } from 'node:module';",
        "import { fileURLToPath as __fu } from 'node:url';",
        'const require = __cr(import.meta.url);',
        'const __filename = __fu(import.meta.url);',
        "const __dirname = __fu(new URL('.', import.meta.url));",
      ].join(' '),
    },
    ...extra,
  });
}
