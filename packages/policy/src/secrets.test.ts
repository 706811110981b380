import { describe, expect, it } from 'vitest';
import { globSecretRisk, secretReason } from './secrets';
import { CTX } from './testPolicy';

describe('secretReason', () => {
  it.each([
    ['/home/dev/.ssh/id_ed25519', true],
    ['/home/dev/.ssh/config', true],
    ['/home/dev/.ssh/id_ed25519.pub', false],
    ['/root/.ssh/authorized_keys', true],
    ['/home/dev/proj/deploy/id_rsa', true],
    ['/home/dev/proj/.env', true],
    ['/home/dev/proj/.env.production', true],
    ['/home/dev/proj/.env.example', false],
    ['/home/dev/proj/.envrc', true],
    ['/home/dev/.aws/credentials', true],
    ['/home/dev/.config/gcloud/application_default_credentials.json', true],
    ['/home/dev/.azure/accessTokens.json', true],
    ['/home/dev/.kube/config', true],
    ['/home/dev/.netrc', true],
    ['/home/dev/.npmrc', true],
    ['/home/dev/.docker/config.json', true],
    ['/home/dev/proj/tls/server.pem', true],
    ['/home/dev/proj/tls/server.KEY', true],
    ['/proc/self/environ', true],
    ['/home/dev/architect/data/architect.db', true],
    ['/home/dev/architect/data/architect.db-wal', true],
    ['/home/dev/architect/data/architect.db.bak', false],
    ['/home/dev/.architect/vault.key', true],
    ['/home/dev/proj/src/keyboard.ts', false],
    ['/home/dev/proj/package.json', false],
    ['/etc/hosts', false],
  ])('%s → %s', (path, secret) => {
    expect(secretReason(path, CTX) !== null).toBe(secret);
  });
});

describe('globSecretRisk', () => {
  it.each([
    ['/home/dev/.ssh/*', 'certain'],
    ['/home/dev/.aws/*', 'certain'],
    ['/home/dev/proj/.e*', 'maybe'],
    ['/home/dev/proj/*.pem', 'maybe'],
    ['/home/dev/.*', 'maybe'],
    ['/home/dev/proj/*', null],
    ['/home/dev/proj/src/*.ts', null],
  ])('%s → %s', (pattern, risk) => {
    expect(globSecretRisk(pattern, CTX)?.risk ?? null).toBe(risk);
  });
});
