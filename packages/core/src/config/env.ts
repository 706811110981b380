import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { formatIssues } from './issues';
import { vaultKeyEnvSchema, type RedactedKey } from './sections/vault';

/** The environment variables of SPEC §10, parsed once at start. */
const envSchema = z.object({
  // Root of data/ and logs/; defaults to the repository root the caller passes in.
  ARCHITECT_HOME: z.string().min(1).optional(),
  // Database file; defaults to $ARCHITECT_HOME/data/architect.db.
  ARCHITECT_DB: z.string().min(1).optional(),
  // Config file; defaults to $ARCHITECT_HOME/architect.config.json (optional file).
  ARCHITECT_CONFIG: z.string().min(1).optional(),
  // tmux server socket name (tmux -L); unset means tmux's default server.
  ARCHITECT_TMUX_SOCKET: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'must match [A-Za-z0-9_.-]+')
    .optional(),
  // Dashboard port and bind address.
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  // pino level for every daemon.
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // SQLite synchronous pragma: NORMAL is safe in WAL mode; FULL also survives power loss.
  ARCHITECT_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  // Worker id suffix; PM2 sets NODE_APP_INSTANCE for each instance of a multi-instance app.
  NODE_APP_INSTANCE: z.coerce.number().int().min(0).default(0),
  // The vault key (base64 or hex of 32 bytes); unset means $ARCHITECT_HOME/data/vault.key.
  ARCHITECT_VAULT_KEY: vaultKeyEnvSchema,
});

export interface EnvConfig {
  home: string;
  dbPath: string;
  configPath: string;
  configPathExplicit: boolean;
  tmuxSocket: string | undefined;
  port: number;
  host: string;
  logLevel: string;
  synchronous: 'NORMAL' | 'FULL';
  instance: number;
  /** The vault's key file (created 0600 on first use) unless `vaultKey` comes from the environment. */
  vaultKeyPath: string;
  vaultKey: RedactedKey | undefined;
}

export function parseEnv(env: NodeJS.ProcessEnv, defaultHome: string): EnvConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) throw new ConfigError('environment', formatIssues(result.error.issues));
  const e = result.data;
  const home = path.resolve(e.ARCHITECT_HOME ?? defaultHome);
  return {
    home,
    dbPath: path.resolve(home, e.ARCHITECT_DB ?? path.join('data', 'architect.db')),
    configPath: path.resolve(home, e.ARCHITECT_CONFIG ?? 'architect.config.json'),
    configPathExplicit: e.ARCHITECT_CONFIG !== undefined,
    tmuxSocket: e.ARCHITECT_TMUX_SOCKET,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    synchronous: e.ARCHITECT_SYNCHRONOUS,
    instance: e.NODE_APP_INSTANCE,
    vaultKeyPath: path.join(home, 'data', 'vault.key'),
    vaultKey: e.ARCHITECT_VAULT_KEY,
  };
}
