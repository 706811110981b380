import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureHookEndpoint, hookToken, readHookEndpoint, receiverAnswers, verifyHookToken } from './httpEndpoint';

let dir: string | undefined;
afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

describe('the http hook endpoint file and session secrets', () => {
  it('creates the file once (0600 in a 0700 directory) and keeps its port and key', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-ep-'));
    const file = path.join(dir, 'run', 'hook-http.json');
    const first = await ensureHookEndpoint(file, 0);
    expect(first.port).toBeGreaterThan(0);
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(await ensureHookEndpoint(file, 0)).toEqual(first);
    // A configured port replaces the sticky one; the key stays.
    expect(await ensureHookEndpoint(file, 45_678)).toEqual({ port: 45_678, key: first.key });
    expect(readHookEndpoint(file)).toEqual({ port: 45_678, key: first.key });
    fs.writeFileSync(file, '{"port": 1, "key": "short"}');
    expect(readHookEndpoint(file)).toBeUndefined();
  });

  it('a session secret verifies only for its own session and key', () => {
    const key = 'c'.repeat(64);
    const t = hookToken(key, 'w1');
    expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyHookToken(key, 'w1', t)).toBe(true);
    expect(verifyHookToken(key, 'w2', t)).toBe(false);
    expect(verifyHookToken('d'.repeat(64), 'w1', t)).toBe(false);
    expect(verifyHookToken(key, 'w1', '')).toBe(false);
  });

  it('receiverAnswers tells a listening port from a closed one', async () => {
    const server = net.createServer((c) => c.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    expect(await receiverAnswers(port)).toBe(true);
    await new Promise((r) => server.close(r));
    expect(await receiverAnswers(port)).toBe(false);
  });
});
