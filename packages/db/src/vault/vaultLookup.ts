import type { SqliteConn } from '../openSqlite';
import { getSealedSecret } from '../queries/secrets';
import type { Vault } from './vault';
import { openVault, type VaultKeySource } from './vaultKeySource';

type Db = Pick<SqliteConn, 'sqlite'>;

/**
 * A daemon's read of optional credentials from the vault. The vault (and its key file) is opened
 * only when one of the names is actually stored, so a daemon that needs nothing from the vault
 * never creates a key. Every read is audited as `secrets.use` by `actor`.
 */
export function vaultLookup(db: Db, source: VaultKeySource, actor: string, now: () => number): (name: string) => string | undefined {
  let vault: Vault | undefined;
  return (name) => {
    if (!getSealedSecret(db, name)) return undefined;
    vault ??= openVault(db, source);
    return vault.reveal(name, { actor, action: 'secrets.use' }, now());
  };
}
