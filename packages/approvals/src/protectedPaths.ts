import path from 'node:path';

export interface ArchitectFiles {
  /** The database file (ARCHITECT_DB). */
  dbPath: string;
  /** The secrets vault's key file. */
  vaultKeyPath: string;
  /** ARCHITECT_HOME: its data/backups hold copies of the database. */
  home: string;
}

/**
 * Files no agent may read or write whatever the rules say: Architect's own database (with its
 * WAL and shared-memory files, which hold recent pages of it), its backups, the vault key, and
 * data/hooks (the sessions' hook settings and the hook's validated-config cache) and data/run
 * (auto-confirm's hook socket, which the hook trusts for decisions). An agent that could touch
 * them could read every secret, forge approvals or switch its own hooks off.
 */
export function architectProtectedPaths(f: ArchitectFiles): string[] {
  const data = path.join(f.home, 'data');
  return [f.dbPath, `${f.dbPath}-wal`, `${f.dbPath}-shm`, `${f.dbPath}-journal`, path.join(data, 'backups'), path.join(data, 'hooks'), path.join(data, 'run'), f.vaultKeyPath, `${f.vaultKeyPath}.new`, `${f.vaultKeyPath}.old`];
}

/** Where the vault key lives unless ARCHITECT_VAULT_KEY names another file. */
export function defaultVaultKeyPath(home: string): string {
  return path.join(home, 'data', 'vault.key');
}
