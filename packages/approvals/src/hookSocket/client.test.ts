import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonPermissionDelegate } from './client';
import { hookSocketDir, hookSocketPath, parseHookSocketRequest } from './protocol';

let home: string;
let servers: net.Server[];
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-hooksock-'));
  fs.mkdirSync(hookSocketDir(home), { recursive: true, mode: 0o700 });
  servers = [];
});
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  fs.rmSync(home, { recursive: true, force: true });
});

/** A stand-in daemon at the socket path: `respond` gets each request line. */
async function fakeDaemon(respond: (line: string, conn: net.Socket) => void): Promise<string[]> {
  const lines: string[] = [];
  const server = net.createServer((conn) => {
    let buf = '';
    conn.on('error', () => undefined);
    conn.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        lines.push(buf.slice(0, nl));
        respond(buf.slice(0, nl), conn);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(hookSocketPath(home), r));
  fs.chmodSync(hookSocketPath(home), 0o600);
  return lines;
}

const payload = { hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'npm test' } };
const ask = (timing = {}) => daemonPermissionDelegate({ env: { ARCHITECT_HOME: home }, defaultHome: '/nope', timing })(payload, 'w1');

describe('the hook asking the daemon', () => {
  it('sends the exact event with its context, and takes a decision', async () => {
    const lines = await fakeDaemon((_l, c) => c.end('{"v":1,"ok":true,"decision":{"behavior":"allow"},"warnings":["w"]}\n'));
    expect(await ask()).toEqual({ handled: true, decision: { behavior: 'allow' }, warnings: ['w'] });
    const req = parseHookSocketRequest(lines[0]!);
    expect(req).toMatchObject({ v: 1, kind: 'PermissionRequest', session: 'w1', payload, context: { home, dbPath: path.join(home, 'data', 'architect.db') } });
  });

  it('takes "no decision" as an answer (the daemon recorded it; the dialog stays for a human)', async () => {
    await fakeDaemon((_l, c) => c.end('{"v":1,"ok":true,"decision":null,"warnings":[]}\n'));
    expect(await ask()).toEqual({ handled: true, decision: null, warnings: [] });
  });

  it('falls back quietly when no daemon runs', async () => {
    expect(await ask()).toMatchObject({ handled: false, quiet: true });
    fs.rmSync(hookSocketDir(home), { recursive: true });
    expect(await ask()).toMatchObject({ handled: false, quiet: true });
  });

  it('falls back at once on a stale socket file (its daemon died)', async () => {
    // Bound, renamed into place, closed: the file stays and nobody listens (ECONNREFUSED).
    const tmp = path.join(hookSocketDir(home), 'tmp.sock');
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(tmp, r));
    fs.renameSync(tmp, hookSocketPath(home));
    await new Promise((r) => s.close(r));
    expect(fs.lstatSync(hookSocketPath(home)).isSocket()).toBe(true);
    const t0 = Date.now();
    expect(await ask()).toMatchObject({ handled: false, quiet: true, reason: expect.stringMatching(/ECONNREFUSED/) });
    expect(Date.now() - t0).toBeLessThan(200);
  });

  it.each([
    ['garbage', 'yes please\n'],
    ['an unknown version', '{"v":9,"ok":true,"decision":{"behavior":"allow"},"warnings":[]}\n'],
    ['a decision with input changes', '{"v":1,"ok":true,"decision":{"behavior":"allow","updatedInput":{}},"warnings":[]}\n'],
    ['no newline before close', '{"v":1,"ok":true,"decision":{"behavior":"allow"},"warnings":[]}'],
    ['a refusal', '{"v":1,"ok":false,"refused":"late","reason":"sent 400 ms ago"}\n'],
  ])('falls back on %s', async (_what, reply) => {
    await fakeDaemon((_l, c) => c.end(reply));
    expect(await ask()).toMatchObject({ handled: false, quiet: false });
  });

  it('falls back when the daemon never answers, after the reply wait', async () => {
    await fakeDaemon(() => undefined);
    const t0 = Date.now();
    expect(await ask({ replyWaitMs: 150 })).toMatchObject({ handled: false, reason: expect.stringMatching(/no reply/) });
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('does not trust a socket others could have put there', async () => {
    await fakeDaemon((_l, c) => c.end('{"v":1,"ok":true,"decision":{"behavior":"allow"},"warnings":[]}\n'));
    fs.chmodSync(hookSocketDir(home), 0o755);
    expect(await ask()).toMatchObject({ handled: false, quiet: false, reason: expect.stringMatching(/not private/) });
    fs.chmodSync(hookSocketDir(home), 0o700);
    fs.renameSync(hookSocketPath(home), path.join(hookSocketDir(home), 'elsewhere.sock'));
    fs.writeFileSync(hookSocketPath(home), '');
    expect(await ask()).toMatchObject({ handled: false, quiet: false, reason: expect.stringMatching(/not a socket/) });
  });
});
