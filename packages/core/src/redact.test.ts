import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  const cases: Array<[string, string, string]> = [
    ['env assignment', 'OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234 npm test', 'sk-proj-abcdefghijklmnop1234'],
    ['export', 'export GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 && gh pr list', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'],
    ['flag with =', 'mysql --password=hunter2 -u root', 'hunter2'],
    ['flag with space', 'vault login --token s3cr3tValue', 's3cr3tValue'],
    ['json', 'curl -d \'{"api_key": "abc123def"}\' https://x', 'abc123def'],
    ['header', 'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig" https://api', 'eyJhbGciOiJIUzI1NiJ9'],
    ['url credentials', 'git clone https://alice:p4ssw0rd@github.com/x/y.git', 'p4ssw0rd'],
    ['url token', 'pip install git+https://ghs_tok3nvalue@github.com/x/y', 'ghs_tok3nvalue'],
    ['anthropic key alone', 'echo sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv'],
    ['aws key id', 'aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
    ['slack', 'post xoxb-1234567890-abcdefghij', 'xoxb-1234567890-abcdefghij'],
    ['long hex', 'deploy --key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '9f86d081884c7d659a2feaa0c55ad015'],
    ['long base64', 'echo dGhpcyBpcyBhIHNlY3JldCBrZXkgdmFsdWUxMjM0NTY3OA== | base64 -d', 'dGhpcyBpcyBhIHNlY3JldCBrZXkgdmFsdWUxMjM0NTY3OA'],
    ['pem', 'printf "-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----"', 'MIIEabc'],
  ];
  for (const [name, input, secret] of cases) {
    it(`removes the secret: ${name}`, () => {
      const out = redactSecrets(input);
      expect(out).not.toContain(secret);
      expect(out).toContain(REDACTED);
    });
  }

  it('leaves ordinary commands alone', () => {
    for (const cmd of [
      'rm -rf /home/me/project/node_modules/some-very-long-package-name-here',
      'npm test -- --reporter=verbose',
      'git push origin feature/implement-the-notification-outbox-daemon',
      'ls -la /var/log',
    ]) {
      expect(redactSecrets(cmd)).toBe(cmd);
    }
  });

  it('keeps the name so the reader knows what was there', () => {
    expect(redactSecrets('DB_PASSWORD=x1 STRIPE_SECRET=y2 make')).toBe(`DB_PASSWORD=${REDACTED} STRIPE_SECRET=${REDACTED} make`);
    expect(redactSecrets('https://bob:pw@example.com/a')).toBe(`https://${REDACTED}@example.com/a`);
  });
});
