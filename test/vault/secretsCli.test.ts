import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { architect, architectAsync } from '../support/cli';
import { FakeTwilio } from '../support/fakeTwilio';
import { smsHome } from '../sms/smsDaemon';

let db: TempDb;
let env: Record<string, string>;
beforeEach(() => {
  db = tempDb();
  env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path, ARCHITECT_VAULT_KEY: '' };
});
afterEach(() => db.dispose());

const VALUE = 'ghp_CLI-PLAINTEXT-0123456789abcdef';

describe('architect secrets (built CLI)', () => {
  it('set reads stdin only, get reveals (audited), list shows names and services, rm, rotate-key', () => {
    const refused = architect(['secrets', 'set', 'GITHUB_TOKEN', VALUE], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/value on stdin, not as an argument/);
    expect(fs.existsSync(path.join(db.dir, 'data', 'vault.key'))).toBe(false); // refused before touching anything

    const set = architect(['secrets', 'set', 'GITHUB_TOKEN', '--service', 'github', '--json'], env, `${VALUE}\n`);
    expect(set.stderr).toBe('');
    expect(JSON.parse(set.stdout)).toEqual({ name: 'GITHUB_TOKEN', outcome: 'created' });
    const keyFile = path.join(db.dir, 'data', 'vault.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    const list = architect(['secrets', 'list', '--json'], env);
    const rows = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(rows).toEqual([expect.objectContaining({ name: 'GITHUB_TOKEN', service: 'github' })]);
    expect(list.stdout).not.toContain(VALUE);

    const get = architect(['secrets', 'get', 'GITHUB_TOKEN'], env);
    expect(get.stdout).toBe(`${VALUE}\n`);
    expect(listAudit(db, 5).map((a) => a.action)).toContain('secrets.reveal');

    const rotated = architect(['secrets', 'rotate-key', '--json'], env);
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ reencrypted: 1 });
    expect(architect(['secrets', 'get', 'GITHUB_TOKEN', '--json'], env).stdout).toContain(VALUE);

    for (const f of fs.readdirSync(db.dir).filter((n) => n.startsWith('architect.db'))) {
      expect(fs.readFileSync(path.join(db.dir, f)).includes(Buffer.from(VALUE))).toBe(false);
    }

    expect(architect(['secrets', 'rm', 'GITHUB_TOKEN'], env).code).toBe(0);
    const gone = architect(['secrets', 'get', 'GITHUB_TOKEN'], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/secret GITHUB_TOKEN does not exist/);
  });

  it('a malformed ARCHITECT_VAULT_KEY is a clear config error that does not echo the value', () => {
    const r = architect(['secrets', 'list'], { ...env, ARCHITECT_VAULT_KEY: 'tooShortSecretish' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ARCHITECT_VAULT_KEY: must be 32 bytes/);
    expect(r.stderr).not.toContain('tooShortSecretish');
  });

  it('Twilio credentials stored in the vault are used by `sms test`', async () => {
    const fake = new FakeTwilio();
    const baseUrl = await fake.start();
    try {
      const smsEnv = { ...smsHome(db.dir, db.path, { recipients: ['+15559990000'], twilio: { accountSid: 'AC' + '0f'.repeat(16), from: '+15550001111', baseUrl } }), ARCHITECT_VAULT_KEY: '' };
      expect(architect(['secrets', 'set', 'TWILIO_AUTH_TOKEN', '--service', 'twilio'], smsEnv, 'vault-auth-token-xyz').code).toBe(0);
      const r = await architectAsync(['sms', 'test', '--json'], smsEnv);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'sent', transport: 'twilio' });
      expect(fake.requests).toHaveLength(1);
      expect(JSON.stringify(fake.requests[0])).toContain(Buffer.from(`AC${'0f'.repeat(16)}:vault-auth-token-xyz`).toString('base64'));
      expect(listAudit(db, 5).some((a) => a.action === 'secrets.use' && a.target === 'TWILIO_AUTH_TOKEN')).toBe(true);
    } finally {
      await fake.stop();
    }
  });
});
