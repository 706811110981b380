import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { syncConfiguredSessions } from '@architect/db';
import { listRoutes } from './app';
import { TestDashboard } from './testServer';

let dash: TestDashboard | undefined;
afterEach(async () => {
  await dash?.stop();
  dash = undefined;
});

const SESSIONS = { sessions: [{ name: 'w1', provider: 'claude', role: 'worker', specialties: ['backend'], cwd: '/tmp' }] };

/** A small deterministic PRNG so a failing fuzz case can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const WEIRD: unknown[] = [null, true, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 'x', '', 'a'.repeat(300_000), [], [1, 'a'], {}, { a: { b: { c: [] } } }, '\u0000\u001b[31m', '../../etc/passwd', { __proto__: { x: 1 } }];

describe('dashboard API', () => {
  it('queues, lists, cancels and retries prompts, adds and cancels tasks, flips the kill switch', async () => {
    dash = await new TestDashboard(SESSIONS).start();
    syncConfiguredSessions(dash.db, SESSIONS.sessions, Date.now());
    const auth = await dash.login();
    const sent = await dash.post('/api/assigner/send', auth, { content: 'do it', target: 'w1', priority: 5, locks: ['src/a.ts'] });
    expect(sent.json()).toEqual({ prompt_id: 1 });
    await dash.post('/api/assigner/send', auth, { content: 'second' });
    const queue = (await dash.request('GET', '/api/prompts/queue', { cookie: auth.cookie })).json();
    expect(queue.total).toBe(2);
    expect(queue.rows.map((r: { id: number; position: number }) => [r.id, r.position])).toEqual([[1, 1], [2, 2]]);
    expect((await dash.request('GET', '/api/prompts/2', { cookie: auth.cookie })).json().position).toBe(2);
    expect((await dash.post('/api/assigner/send', auth, { content: 'x', target: 'nobody' })).status).toBe(400);
    expect((await dash.post('/api/prompts/1/cancel', auth, {})).json().status).toBe('cancelled');
    expect((await dash.post('/api/prompts/1/cancel', auth, {})).status).toBe(409);
    expect((await dash.post('/api/prompts/1/retry', auth, {})).json().status).toBe('pending');
    expect((await dash.post('/api/prompts/999/retry', auth, {})).status).toBe(404);

    const task = await dash.post('/api/tasks', auth, { command: 'echo hi', cwd: dash.db.dir });
    expect(task.json()).toEqual({ task_id: 1 });
    expect((await dash.post('/api/tasks', auth, { command: 'echo hi', cwd: '/no/such/dir' })).status).toBe(400);
    expect((await dash.post('/api/tasks/1/cancel', auth, {})).json()).toEqual({ task_id: 1, status: 'cancelled' });
    expect((await dash.request('GET', '/api/tasks/1/output', { cookie: auth.cookie })).json().status).toBe('cancelled');

    expect((await dash.post('/api/approvals/kill-switch', auth, { on: true })).json()).toEqual({ on: true, source: 'runtime' });
    expect((await dash.request('GET', '/api/approvals/kill-switch', { cookie: auth.cookie })).json().on).toBe(true);

    // Secrets: names only, never values.
    dash.db.sqlite.prepare("INSERT INTO secrets (name, ciphertext, nonce, tag, created_at, updated_at) VALUES ('GH', x'deadbeef', x'00', x'00', 1, 1)").run();
    expect((await dash.request('GET', '/api/secrets', { cookie: auth.cookie })).json()).toEqual([{ id: 1, name: 'GH', service: null, category: null, description: null, created_at: 1, updated_at: 1, last_revealed_at: null }]);
    const secretsPage = await dash.request('GET', '/secrets', { cookie: auth.cookie, headers: { accept: 'text/html' } });
    expect(secretsPage.body).toContain('<td>GH</td>');
    expect(secretsPage.body).not.toMatch(/deadbeef|3q2\+7w/i);

    const metrics = await dash.request('GET', '/metrics', { cookie: auth.cookie });
    expect(metrics.body).toMatch(/architect_prompts\{status="pending"\} 2/);
    // Every page renders for a logged-in user, escaping what it shows.
    await dash.post('/api/assigner/send', auth, { content: '<script>alert(1)</script>' });
    for (const path of ['/', '/needs-you', '/sessions', '/prompts', '/prompts/3', '/tasks', '/approvals', '/health-checks', '/alerts', '/workers', '/locks', '/lost-and-found', '/audit', '/sessions/w1', '/projects', '/secrets']) {
      const r = await dash.request('GET', path, { cookie: auth.cookie, headers: { accept: 'text/html' } });
      expect(r.status, path).toBe(200);
      expect(r.body, path).not.toContain('<script>alert');
      expect(r.body.match(/<script/g)?.length ?? 0, path).toBe(2); // only the two external scripts
    }
  });

  it('serves /metrics with its own token when configured', async () => {
    dash = await new TestDashboard({ dashboard: { metricsToken: 't'.repeat(32) } }).start();
    expect((await dash.request('GET', '/metrics', { headers: { authorization: `Bearer ${'t'.repeat(32)}` } })).status).toBe(200);
    expect((await dash.request('GET', '/metrics', { headers: { authorization: `Bearer ${'u'.repeat(32)}` } })).status).toBe(401);
  });

  it('fuzz: malformed JSON, wrong types and big sizes never get a 5xx', async () => {
    dash = await new TestDashboard(SESSIONS).start();
    const auth = await dash.login();
    const routes = listRoutes(dash.server.app).filter((r) => r.startsWith('POST ') && r !== 'POST /logout' && r !== 'POST /login');
    const next = rng(42);
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
    const bodies: (() => string | Buffer)[] = [
      () => '{"content": ',
      () => '{"a":1}}',
      () => 'null',
      () => '[]',
      () => '"string"',
      () => Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
      () => `{"content":"${'x'.repeat(400_000)}"}`,
      () => JSON.stringify(Object.fromEntries(['content', 'target', 'priority', 'locks', 'on', 'decision', 'dialog', 'command', 'cwd', 'session', 'text', 'enter'].map((k) => [k, pick(WEIRD)]))),
      () => JSON.stringify({ [pick(['content', 'on', 'command'])]: pick(WEIRD) }),
      () => '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}',
    ];
    const params = ['1', '0', '-1', 'abc', '99999999999999999999', '%00', 'w1', '..%2F..', 'x'.repeat(300)];
    let count = 0;
    for (let i = 0; i < 400; i++) {
      const route = pick(routes).slice(5).replace(/:[A-Za-z]+/g, () => pick(params));
      const contentType = pick(['application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']);
      const r = await dash.request('POST', route, {
        cookie: auth.cookie,
        headers: { 'content-type': contentType, origin: dash.origin, 'x-csrf-token': auth.csrf },
        body: pick(bodies)(),
      });
      expect(r.status, `${route} ${contentType}`).toBeLessThan(500);
      if (r.status >= 400) expect(() => r.json(), `${route}: JSON error body`).not.toThrow();
      count++;
    }
    // Query strings on GET routes too.
    for (const route of listRoutes(dash.server.app).filter((r) => r.startsWith('GET ') && !r.includes('/events'))) {
      const path = route.slice(4).replace(/:[A-Za-z]+/g, () => pick(params));
      const r = await dash.request('GET', `${path}?limit=${encodeURIComponent(String(pick(WEIRD)).slice(0, 100))}&status=zzz&offset=-5`, { cookie: auth.cookie });
      expect(r.status, path).toBeLessThan(500);
    }
    expect(count).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(fs.existsSync(dash.db.dir)).toBe(true);
  }, 120_000);
});
