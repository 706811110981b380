import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultDecryptError, VaultKeyError, newVaultKey, openValue, sealValue, vaultKeyId } from './vaultCipher';
import { parseVaultKeyText } from './vaultKeyText';
import { loadOrCreateVaultKeyFile, readVaultKeyFile } from './vaultKeyFile';
import { parseEnv } from '../config/env';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-vaultkey-'));
  dirs.push(d);
  return d;
};

describe('vault cipher', () => {
  const key = newVaultKey();

  it('round-trips with a fresh 12-byte nonce and a 16-byte tag per value', () => {
    const a = sealValue(key, 'API_TOKEN', 'sk-live-1234');
    const b = sealValue(key, 'API_TOKEN', 'sk-live-1234');
    expect(a.nonce).toHaveLength(12);
    expect(a.tag).toHaveLength(16);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(openValue(key, 'API_TOKEN', a)).toBe('sk-live-1234');
    expect(openValue(key, 'API_TOKEN', sealValue(key, 'API_TOKEN', 'héllo ✓ \n multi'))).toBe('héllo ✓ \n multi');
  });

  it.each([
    ['ciphertext', (s: ReturnType<typeof sealValue>) => (s.ciphertext[0]! ^= 1)],
    ['tag', (s: ReturnType<typeof sealValue>) => (s.tag[5]! ^= 1)],
    ['nonce', (s: ReturnType<typeof sealValue>) => (s.nonce[11]! ^= 1)],
  ])('a tampered %s fails loudly', (_what, tamper) => {
    const sealed = sealValue(key, 'DB_PASSWORD', 'hunter2hunter2');
    tamper(sealed);
    expect(() => openValue(key, 'DB_PASSWORD', sealed)).toThrow(VaultDecryptError);
  });

  it('a value moved to another name (associated data) or opened with another key fails', () => {
    const sealed = sealValue(key, 'GITHUB_TOKEN', 'ghp_abc');
    expect(() => openValue(key, 'GITLAB_TOKEN', sealed)).toThrow(VaultDecryptError);
    expect(() => openValue(newVaultKey(), 'GITHUB_TOKEN', sealed)).toThrow(/cannot be decrypted/);
    expect(() => openValue(key, 'GITHUB_TOKEN', { ...sealed, tag: sealed.tag.subarray(0, 12) })).toThrow(VaultDecryptError);
  });

  it('key ids are stable per key and differ between keys', () => {
    expect(vaultKeyId(key)).toBe(vaultKeyId(Buffer.from(key)));
    expect(vaultKeyId(key)).not.toBe(vaultKeyId(newVaultKey()));
    expect(() => sealValue(Buffer.alloc(16), 'X', 'v')).toThrow(VaultKeyError);
  });
});

describe('vault key text and ARCHITECT_VAULT_KEY', () => {
  it('accepts base64 and hex of 32 bytes, rejects anything else in words', () => {
    const key = newVaultKey();
    expect(parseVaultKeyText(key.toString('base64'))).toEqual({ key });
    expect(parseVaultKeyText(key.toString('hex'))).toEqual({ key });
    expect(parseVaultKeyText(key.toString('base64url'))).toEqual({ key });
    expect(parseVaultKeyText(Buffer.alloc(16).toString('base64'))).toEqual({ problem: expect.stringContaining('decodes to 16 bytes') });
    expect(parseVaultKeyText('not a key!')).toEqual({ problem: expect.stringContaining('32 bytes') });
  });

  it('is validated with the rest of the environment, and never printed', () => {
    const key = newVaultKey();
    const env = parseEnv({ ARCHITECT_VAULT_KEY: key.toString('base64') }, '/tmp/home');
    expect(env.vaultKey?.bytes.equals(key)).toBe(true);
    expect(env.vaultKeyPath).toBe('/tmp/home/data/vault.key');
    expect(JSON.stringify(env)).not.toContain(key.toString('base64'));
    expect(JSON.stringify(env)).toContain('[redacted]');
    expect(() => parseEnv({ ARCHITECT_VAULT_KEY: 'c2hvcnQ=', PORT: 'x' }, '/tmp')).toThrow(/PORT[\s\S]*ARCHITECT_VAULT_KEY: must be 32 bytes/);
    expect(parseEnv({}, '/tmp').vaultKey).toBeUndefined();
  });
});

describe('vault key file', () => {
  it('is created 0600 on first use and read back the same afterwards', () => {
    const keyPath = path.join(tmp(), 'data', 'vault.key');
    const first = loadOrCreateVaultKeyFile(keyPath);
    expect(first.created).toBe(true);
    expect(fs.statSync(keyPath).mode & 0o777).toBe(0o600);
    const again = loadOrCreateVaultKeyFile(keyPath);
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
    expect(fs.readdirSync(path.dirname(keyPath))).toEqual(['vault.key']); // no temp file left
  });

  it('refuses a key file others can read, and a malformed one', () => {
    const keyPath = path.join(tmp(), 'vault.key');
    loadOrCreateVaultKeyFile(keyPath);
    fs.chmodSync(keyPath, 0o644);
    expect(() => readVaultKeyFile(keyPath)).toThrow(/readable by others.*chmod 600/);
    fs.chmodSync(keyPath, 0o600);
    fs.writeFileSync(keyPath, 'garbage');
    expect(() => readVaultKeyFile(keyPath)).toThrow(VaultKeyError);
  });
});
