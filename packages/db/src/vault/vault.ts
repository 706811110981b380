import {
  NotFoundError,
  ValidationError,
  VaultKeyError,
  openValue,
  sealValue,
  secretNameProblem,
  secretValueProblem,
  vaultKeyId,
  type SealedValue,
} from '@architect/core';
import { immediate, type SqliteConn } from '../openSqlite';
import { recordAudit } from '../queries/auditLog';
import {
  claimVaultKeyId,
  deleteSecret,
  getSealedSecret,
  listSecrets,
  markSecretRevealed,
  secretKeyIds,
  upsertSealedSecret,
  type SecretListing,
  type SecretMeta,
} from '../queries/secrets';

type Db = Pick<SqliteConn, 'sqlite'>;

/** Who asked for a value: every reveal writes an audit row naming them. */
export interface RevealRequest {
  actor: string;
  ip?: string | null;
  /** audit action; `secrets.reveal` for a human, `secrets.use` for a daemon reading a credential */
  action?: 'secrets.reveal' | 'secrets.use';
}

/**
 * The secrets vault over one key. Values go in sealed (AES-256-GCM, the name as associated data)
 * and come out only through `reveal`, which is audited. Listings carry names and metadata only.
 */
export class Vault {
  readonly keyId: string;

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {
    this.keyId = vaultKeyId(key);
    // A wrong key is reported now, in words, rather than as a decryption failure later.
    const others = secretKeyIds(db).filter((id) => id !== this.keyId);
    if (others.length) {
      throw new VaultKeyError(
        `the vault key (id ${this.keyId}) is not the key the stored secrets are sealed with (id ${others.join(', ')}): check ARCHITECT_VAULT_KEY or data/vault.key`,
        { keyId: this.keyId, stored: others },
      );
    }
  }

  set(name: string, value: string, meta: SecretMeta & { actor: string }, now: number): 'created' | 'updated' {
    const problem = secretNameProblem(name) ?? secretValueProblem(value);
    if (problem) throw new ValidationError(problem);
    const sealed = sealValue(this.key, name, value);
    return immediate(this.db, () => {
      if (!claimVaultKeyId(this.db, this.keyId, now)) throw new VaultKeyError('the vault key was rotated while this value was being sealed: run the command again');
      const outcome = upsertSealedSecret(this.db, name, sealed, this.keyId, meta, now);
      recordAudit(this.db, { actor: meta.actor, action: 'secrets.set', target: name, details: { outcome, service: meta.service ?? null }, ip: null }, now);
      return outcome;
    });
  }

  /** Seals a value for `name` without storing it (a bulk writer such as the legacy import stores it). */
  seal(name: string, value: string): { sealed: SealedValue; keyId: string } {
    const problem = secretNameProblem(name) ?? secretValueProblem(value);
    if (problem) throw new ValidationError(problem);
    return { sealed: sealValue(this.key, name, value), keyId: this.keyId };
  }

  /** The plaintext of `name`; the audit row is written before the value is returned. */
  reveal(name: string, who: RevealRequest, now: number): string {
    const row = getSealedSecret(this.db, name);
    if (!row) throw new NotFoundError('secret', name);
    const action = who.action ?? 'secrets.reveal';
    let value: string;
    try {
      value = openValue(this.key, name, row);
    } catch (err) {
      recordAudit(this.db, { actor: who.actor, action: `${action}_failed`, target: name, details: null, ip: who.ip ?? null }, now);
      throw err;
    }
    immediate(this.db, () => {
      markSecretRevealed(this.db, name, now);
      recordAudit(this.db, { actor: who.actor, action, target: name, details: null, ip: who.ip ?? null }, now);
    });
    return value;
  }

  /** Like reveal, but undefined when absent (a daemon's optional credential). */
  revealIfPresent(name: string, who: RevealRequest, now: number): string | undefined {
    return getSealedSecret(this.db, name) ? this.reveal(name, who, now) : undefined;
  }

  list(opts: { service?: string } = {}): SecretListing[] {
    return listSecrets(this.db, opts);
  }

  remove(name: string, actor: string, now: number): void {
    const removed = immediate(this.db, () => {
      const gone = deleteSecret(this.db, name);
      if (gone) recordAudit(this.db, { actor, action: 'secrets.rm', target: name, details: null, ip: null }, now);
      return gone;
    });
    if (!removed) throw new NotFoundError('secret', name);
  }
}
