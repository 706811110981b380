import http from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { TestDashboard } from '../testServer';

let dash: TestDashboard | undefined;
const open: http.ClientRequest[] = [];
afterEach(async () => {
  for (const r of open) r.destroy();
  open.length = 0;
  await dash?.stop();
  dash = undefined;
});

interface Sse {
  events: { id?: string; event?: string; data?: string }[];
  close(): void;
}

/** A minimal EventSource: records every event of the stream. */
function listen(d: TestDashboard, cookie: string, lastEventId?: string): Promise<Sse> {
  return new Promise((resolve, reject) => {
    const events: Sse['events'] = [];
    const req = http.get(
      { host: '127.0.0.1', port: d.server.port, path: '/events', headers: { host: `127.0.0.1:${d.server.port}`, cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const e: Sse['events'][number] = {};
            for (const line of block.split('\n')) {
              const m = /^(id|event|data): (.*)$/.exec(line);
              if (m) e[m[1] as 'id'] = m[2];
            }
            if (e.event) events.push(e);
          }
        });
        resolve({ events, close: () => req.destroy() });
      },
    );
    open.push(req);
    req.on('error', () => undefined);
  });
}

const until = async (what: string, check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

it('streams a change event after a state change and replays missed events after Last-Event-ID', async () => {
  dash = await new TestDashboard().start();
  const auth = await dash.login();
  const a = await listen(dash, auth.cookie);
  await until('resync on connect', () => a.events.length === 1);
  expect(a.events[0]!.event).toBe('resync');

  await dash.post('/api/assigner/send', auth, { content: 'one' });
  await until('first change', () => a.events.length === 2);
  const first = a.events[1]!;
  expect(first.event).toBe('change');
  expect(JSON.parse(first.data!)).toMatchObject({ pending: 1 });
  a.close();

  // Two changes while disconnected; reconnecting with the last id seen replays exactly those.
  await dash.post('/api/assigner/send', auth, { content: 'two' });
  await new Promise((r) => setTimeout(r, 80));
  await dash.post('/api/assigner/send', auth, { content: 'three' });
  await new Promise((r) => setTimeout(r, 80));
  const b = await listen(dash, auth.cookie, first.id);
  await until('replay', () => b.events.length >= 2);
  expect(b.events.map((e) => e.event)).toEqual(['change', 'change']);
  expect(b.events.map((e) => JSON.parse(e.data!).pending)).toEqual([2, 3]);

  // An id from another server run (or too old) gets a resync instead of silence.
  const c = await listen(dash, auth.cookie, 'deadbeef-3');
  await until('resync', () => c.events.length === 1);
  expect(c.events[0]!.event).toBe('resync');
  expect(JSON.parse(c.events[0]!.data!).pending).toBe(3);

  // After logout the open stream ends at the next change instead of streaming on.
  let ended = false;
  const other = await dash.login();
  const d = await listen(dash, other.cookie);
  await until('connected', () => d.events.length === 1);
  open.at(-1)!.once('close', () => (ended = true));
  await dash.post('/logout', other, {});
  await dash.post('/api/assigner/send', auth, { content: 'four' });
  await until('stream ended', () => ended);
  expect(d.events.length).toBe(1);
});
