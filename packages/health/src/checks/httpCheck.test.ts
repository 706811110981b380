import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpCheckSchema } from '@architect/core';
import { HttpSchedule, httpCheck } from './httpCheck';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((r) => server!.close(r));
  server = undefined;
});

async function listen(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('httpCheck', () => {
  it('passes on the expected status, fails on another, on a timeout and on a refused connection', async () => {
    const url = await listen((req, res) => {
      if (req.url === '/hang') return; // never answers
      res.writeHead(req.url === '/created' ? 201 : 500).end();
    });
    const cfg = (path: string, extra = {}) => httpCheckSchema.parse({ name: 'svc', url: `${url}${path}`, ...extra });
    expect(await httpCheck(cfg('created', { expectedStatus: 201 }))).toMatchObject({ name: 'http:svc', status: 'ok', message: expect.stringMatching(/^svc answered 201 in \d+ ms$/) });
    expect(await httpCheck(cfg('x'))).toMatchObject({ status: 'fail', message: 'svc answered 500, expected 200' });
    expect(await httpCheck(cfg('hang', { timeoutMs: 200 }))).toMatchObject({ status: 'fail', message: 'svc unreachable: no answer within 200 ms' });
    // A port that was just free: nothing listens there.
    const spare = http.createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((r) => spare.close(r));
    const closed = httpCheckSchema.parse({ name: 'gone', url: `http://127.0.0.1:${port}/`, critical: true });
    expect(await httpCheck(closed)).toMatchObject({ status: 'fail', critical: true, message: 'gone unreachable: ECONNREFUSED' });
  });

  it('runs each URL at its own interval', () => {
    const a = httpCheckSchema.parse({ name: 'a', url: 'http://127.0.0.1:1/', intervalMs: 1000 });
    const b = httpCheckSchema.parse({ name: 'b', url: 'http://127.0.0.1:1/', intervalMs: 3000 });
    const s = new HttpSchedule();
    const names = (now: number) => s.due([a, b], now).map((c) => c.name);
    expect(names(0)).toEqual(['a', 'b']);
    expect(names(500)).toEqual([]);
    expect(names(1000)).toEqual(['a']);
    expect(names(2000)).toEqual(['a']);
    expect(names(3000)).toEqual(['a', 'b']);
  });
});
