import http from 'node:http';
import { silentLogger } from '@architect/core';
import { afterEach, describe, expect, it } from 'vitest';
import { HookHttpServer } from './server';

let server: HookHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOKENS: Record<string, string> = { w1: 'a'.repeat(64), 'w.2': 'b'.repeat(64) };

async function start(handle: (session: string, payload: unknown) => Promise<string>, maxBodyBytes?: number) {
  const calls: { session: string; payload: unknown }[] = [];
  server = new HookHttpServer({
    port: 0,
    authenticate: (session, token) => TOKENS[session] === token,
    handle: async (session, payload) => {
      calls.push({ session, payload });
      return handle(session, payload);
    },
    log: silentLogger(),
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
  await server.listen();
  return { calls, port: server.port! };
}

function post(port: number, path: string, body: string, headers: Record<string, string> = {}, method = 'POST'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const event = JSON.stringify({ hook_event_name: 'Stop', session_id: 's', last_assistant_message: 'done' });

describe('HookHttpServer', () => {
  it('passes an authenticated event to the handler and answers with its body', async () => {
    const decision = JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } });
    const { calls, port } = await start(async (_s, p) => ((p as { hook_event_name: string }).hook_event_name === 'PermissionRequest' ? decision : ''));
    expect(await post(port, '/hook/w1', event, { authorization: `Bearer ${TOKENS.w1}` })).toEqual({ status: 200, body: '' });
    const perm = JSON.stringify({ hook_event_name: 'PermissionRequest', tool_name: 'Bash' });
    expect(await post(port, '/hook/w.2', perm, { authorization: `Bearer ${TOKENS['w.2']}` })).toEqual({ status: 200, body: decision });
    expect(calls).toEqual([
      { session: 'w1', payload: JSON.parse(event) },
      { session: 'w.2', payload: JSON.parse(perm) },
    ]);
  });

  it('refuses a request without the secret, with a wrong one or with another session\'s (401), and calls nothing', async () => {
    const { calls, port } = await start(async () => '');
    expect((await post(port, '/hook/w1', event)).status).toBe(401);
    expect((await post(port, '/hook/w1', event, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post(port, '/hook/w1', event, { authorization: `Bearer ${TOKENS['w.2']}` })).status).toBe(401);
    expect((await post(port, '/hook/w1', event, { authorization: TOKENS.w1! })).status).toBe(401); // not a bearer header
    expect((await post(port, '/hook/ghost', event, { authorization: `Bearer ${TOKENS.w1}` })).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('answers 405 / 404 / 400 / 413 to what is not a hook event', async () => {
    const { calls, port } = await start(async () => '', 1024);
    const auth = { authorization: `Bearer ${TOKENS.w1}` };
    expect((await post(port, '/hook/w1', '', auth, 'GET')).status).toBe(405);
    expect((await post(port, '/other/w1', event, auth)).status).toBe(404);
    expect((await post(port, '/hook/w1', '{not json', auth)).status).toBe(400);
    expect((await post(port, '/hook/w1', JSON.stringify({ x: 'y'.repeat(2000) }), auth)).status).toBe(413);
    expect(calls).toEqual([]);
  });

  it('a handler may answer before it has finished (the decision first, the record after)', async () => {
    let finish: () => void = () => undefined;
    const early = new HookHttpServer({
      port: 0,
      authenticate: () => true,
      handle: (_s, _p, reply) => {
        reply('{"early":true}');
        return new Promise<string>((r) => (finish = () => r('late')));
      },
      log: silentLogger(),
    });
    await early.listen();
    try {
      const perm = JSON.stringify({ hook_event_name: 'PermissionRequest' });
      expect(await post(early.port!, '/hook/w1', perm, { authorization: 'Bearer x' })).toEqual({ status: 200, body: '{"early":true}' });
      finish();
    } finally {
      await early.close();
    }
  });

  it('a handler that fails is "no decision": 200 with an empty body', async () => {
    const { port } = await start(async () => {
      throw new Error('database is locked');
    });
    expect(await post(port, '/hook/w1', event, { authorization: `Bearer ${TOKENS.w1}` })).toEqual({ status: 200, body: '' });
  });

  it('listens on 127.0.0.1 only, and close finishes an event being answered', async () => {
    let release: () => void = () => undefined;
    const { port } = await start(() => new Promise<string>((r) => (release = () => r('{}'))));
    const perm = JSON.stringify({ hook_event_name: 'PermissionRequest', tool_name: 'Bash' });
    const address = (server as unknown as { server: http.Server }).server.address();
    expect(address).toMatchObject({ address: '127.0.0.1' });
    // An event that needs no answer is answered before the handler finishes…
    expect(await post(port, '/hook/w1', event, { authorization: `Bearer ${TOKENS.w1}` })).toEqual({ status: 200, body: '' });
    release();
    // …a PermissionRequest waits for its decision, and close lets it finish.
    const pending = post(port, '/hook/w1', perm, { authorization: `Bearer ${TOKENS.w1}` });
    await new Promise((r) => setTimeout(r, 50));
    const closing = server!.close();
    release();
    expect(await pending).toEqual({ status: 200, body: '{}' });
    await closing;
    await expect(post(port, '/hook/w1', event, { authorization: `Bearer ${TOKENS.w1}` })).rejects.toThrow(/ECONNREFUSED/);
    server = undefined;
  });
});
