import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AutoConfirmConfig, SessionConfig } from '@architect/core/lite';

/** What the hook needs from the configuration. */
export interface HookConfig {
  home: string;
  dbPath: string;
  configPath: string;
  autoConfirm: AutoConfirmConfig;
  sessions: SessionConfig[];
}

interface CacheFile {
  key: string;
  config: HookConfig;
}

/**
 * The hook reads the config itself, validated by the same zod schema as every daemon. Loading
 * zod and building the schema is most of the hook's start-up, so the validated result is kept in
 * `data/hooks/auto-confirm.config.json`, keyed by the config file's identity (path, inode, size,
 * mtime), the environment that locates it, and this code's own build. Any change to the file,
 * the environment or Architect itself misses the cache and validates afresh; an invalid config
 * throws, as it does everywhere.
 */
export async function loadHookConfig(env: NodeJS.ProcessEnv, defaultHome: string): Promise<HookConfig> {
  // The same rules as parseEnv in @architect/core, without loading zod for them.
  const home = path.resolve(env.ARCHITECT_HOME || defaultHome);
  const configPath = path.resolve(home, env.ARCHITECT_CONFIG || 'architect.config.json');
  const cacheFile = path.join(home, 'data', 'hooks', 'auto-confirm.config.json');
  const key = JSON.stringify([
    configPath,
    fileIdentity(configPath),
    env.ARCHITECT_HOME ?? null,
    env.ARCHITECT_DB ?? null,
    env.ARCHITECT_CONFIG ?? null,
    fileIdentity(fileURLToPath(import.meta.url)),
  ]);
  const cached = readCache(cacheFile);
  if (cached?.key === key) return cached.config;

  const { loadConfig } = await import('@architect/core/lite');
  const c = loadConfig({ env, defaultHome });
  const config: HookConfig = { home: c.home, dbPath: c.dbPath, configPath: c.configPath, autoConfirm: c.file.autoConfirm, sessions: c.file.sessions };
  writeCache(cacheFile, { key, config });
  return config;
}

function fileIdentity(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function readCache(file: string): CacheFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return undefined;
  }
}

/** Atomic (temp file + rename): concurrent hooks never read half a file. A failure only costs speed. */
function writeCache(file: string, value: CacheFile): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // read-only data dir: the next hook validates again
  }
}
