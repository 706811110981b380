import { defineConfig, type Options } from 'tsup';

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
    define: { __ARCHITECT_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.1.0') },
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
