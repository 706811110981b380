import type { SealedValue } from '@architect/core';
import type { SqliteConn } from '../openSqlite';

type Db = Pick<SqliteConn, 'sqlite'>;

export interface SecretMeta {
  service?: string | null;
  category?: string | null;
  description?: string | null;
}

/** What listings show: never the ciphertext, nonce or tag. */
export interface SecretListing {
  id: number;
  name: string;
  service: string | null;
  category: string | null;
  description: string | null;
  created_at: number;
  updated_at: number;
  last_revealed_at: number | null;
}

export interface SealedRow extends SealedValue {
  id: number;
  name: string;
  keyId: string | null;
}

export function listSecrets(db: Db, opts: { service?: string } = {}): SecretListing[] {
  const where = opts.service === undefined ? '' : 'WHERE service = ?';
  const args = opts.service === undefined ? [] : [opts.service];
  return db.sqlite
    .prepare(`SELECT id, name, service, category, description, created_at, updated_at, last_revealed_at FROM secrets ${where} ORDER BY name`)
    .all(...args) as SecretListing[];
}

export function getSealedSecret(db: Db, name: string): SealedRow | undefined {
  const r = db.sqlite.prepare('SELECT id, name, ciphertext, nonce, tag, key_id FROM secrets WHERE name = ?').get(name) as RawSealed | undefined;
  return r && toSealed(r);
}

export function allSealedSecrets(db: Db): SealedRow[] {
  return (db.sqlite.prepare('SELECT id, name, ciphertext, nonce, tag, key_id FROM secrets ORDER BY id').all() as RawSealed[]).map(toSealed);
}

const KEY_ID_SETTING = 'vault.key_id';

/**
 * The ids of the keys in use: those the stored values are sealed with, and the vault's current
 * key id (kept in settings, so an empty vault still knows which key is current after a rotation).
 */
export function secretKeyIds(db: Db): string[] {
  const ids = (db.sqlite.prepare('SELECT DISTINCT key_id FROM secrets WHERE key_id IS NOT NULL').all() as { key_id: string }[]).map((r) => r.key_id);
  const current = currentVaultKeyId(db);
  return current && !ids.includes(current) ? [...ids, current] : ids;
}

export function currentVaultKeyId(db: Db): string | undefined {
  const r = db.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(KEY_ID_SETTING) as { value: string | null } | undefined;
  return r?.value ? (JSON.parse(r.value) as string) : undefined;
}

export function setVaultKeyId(db: Db, keyId: string, now: number): void {
  db.sqlite
    .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
    .run(KEY_ID_SETTING, JSON.stringify(keyId), now);
}

/**
 * Inside a writer's transaction: true when `keyId` is the vault's current key (recording it on
 * first use). False means a rotation committed after this writer loaded its key: a value sealed
 * with the old key must not be stored beside rows under the new one.
 */
export function claimVaultKeyId(db: Db, keyId: string, now: number): boolean {
  const current = currentVaultKeyId(db);
  if (current === undefined) setVaultKeyId(db, keyId, now);
  return current === undefined || current === keyId;
}

/** Insert or replace the value of `name`; metadata given replaces, metadata omitted is kept. */
export function upsertSealedSecret(db: Db, name: string, sealed: SealedValue, keyId: string, meta: SecretMeta, now: number): 'created' | 'updated' {
  const existing = db.sqlite.prepare('SELECT id FROM secrets WHERE name = ?').get(name) as { id: number } | undefined;
  if (!existing) {
    db.sqlite
      .prepare(
        `INSERT INTO secrets (name, ciphertext, nonce, tag, key_id, service, category, description, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(name, sealed.ciphertext, sealed.nonce, sealed.tag, keyId, meta.service ?? null, meta.category ?? null, meta.description ?? null, now, now);
    return 'created';
  }
  db.sqlite
    .prepare(
      `UPDATE secrets SET ciphertext = ?, nonce = ?, tag = ?, key_id = ?, updated_at = ?,
         service = coalesce(?, service), category = coalesce(?, category), description = coalesce(?, description)
       WHERE id = ?`,
    )
    .run(sealed.ciphertext, sealed.nonce, sealed.tag, keyId, now, meta.service ?? null, meta.category ?? null, meta.description ?? null, existing.id);
  return 'updated';
}

/** Re-seal one row in place (key rotation); the old ciphertext must still be the one we read. */
export function resealSecret(db: Db, row: SealedRow, sealed: SealedValue, keyId: string): boolean {
  const r = db.sqlite
    .prepare('UPDATE secrets SET ciphertext = ?, nonce = ?, tag = ?, key_id = ? WHERE id = ? AND nonce = ?')
    .run(sealed.ciphertext, sealed.nonce, sealed.tag, keyId, row.id, row.nonce);
  return r.changes === 1;
}

export function markSecretRevealed(db: Db, name: string, now: number): void {
  db.sqlite.prepare('UPDATE secrets SET last_revealed_at = ? WHERE name = ?').run(now, name);
}

export function deleteSecret(db: Db, name: string): boolean {
  return db.sqlite.prepare('DELETE FROM secrets WHERE name = ?').run(name).changes === 1;
}

interface RawSealed {
  id: number;
  name: string;
  ciphertext: Buffer;
  nonce: Buffer;
  tag: Buffer;
  key_id: string | null;
}

function toSealed(r: RawSealed): SealedRow {
  return { id: r.id, name: r.name, ciphertext: r.ciphertext, nonce: r.nonce, tag: r.tag, keyId: r.key_id };
}
