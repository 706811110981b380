import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '@architect/db';
import { listRoutes, PUBLIC_ROUTES } from './app';
import { cookieOf, TestDashboard } from './testServer';

let dash: TestDashboard | undefined;
afterEach(async () => {
  await dash?.stop();
  dash = undefined;
});

async function started(config: Record<string, unknown> = {}): Promise<TestDashboard> {
  dash = new TestDashboard(config);
  return dash.start();
}

/** Audit rows are written when a response closes, a moment after the client has it. */
async function auditRows(d: TestDashboard, ready: (rows: ReturnType<typeof listAudit>) => boolean) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const rows = listAudit(d.db, 100);
    if (ready(rows) || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A concrete URL for a route pattern (`:id` → 1, `:session` → a valid name). */
function concrete(path: string): string {
  return path.replace(/:id\b/g, '1').replace(/:[A-Za-z]+/g, 'w1');
}

describe('dashboard security', () => {
  it('every route from the router itself refuses an anonymous request, but /health and login', async () => {
    const d = await started();
    const routes = listRoutes(d.server.app);
    // The enumeration sees the real router: a sample of routes must be there.
    expect(routes).toEqual(expect.arrayContaining(['GET /health', 'GET /login', 'POST /login', 'POST /api/assigner/send', 'GET /metrics', 'GET /events', 'GET /']));
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      if (PUBLIC_ROUTES.has(route)) continue;
      // Anonymous, even with a right Origin and a JSON body: never served.
      const r = await d.request(method, concrete(path), {
        headers: { 'content-type': 'application/json', origin: d.origin, accept: 'application/json' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      expect([401, 403], `${route} answered ${r.status}`).toContain(r.status);
      expect(r.body).not.toMatch(/"pending"|<table/);
    }
    // Pages redirect a browser to the login page.
    const page = await d.request('GET', '/prompts', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/login');
    expect((await d.request('GET', '/health')).json()).toEqual({ ok: true });
  });

  it('sets HttpOnly SameSite=Strict cookies, a CSP without inline script, and changes the session id at login (fixation)', async () => {
    const d = await started();
    const page = await d.request('GET', '/login', { headers: { accept: 'text/html' } });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBeDefined();
    const raw = (page.headers['set-cookie'] ?? []).join(';');
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Strict/i);
    expect(raw).not.toMatch(/Secure/);
    const auth = await d.login();
    expect(auth.before).toMatch(/^architect\.sid=/);
    expect(auth.cookie).toMatch(/^architect\.sid=/);
    expect(auth.cookie).not.toBe(auth.before);
    // The pre-login session id is worthless now.
    expect((await d.request('GET', '/api/stats', { cookie: auth.before })).status).toBe(401);
    expect((await d.request('GET', '/api/stats', { cookie: auth.cookie })).status).toBe(200);
    // Logout destroys the session server side.
    const out = await d.post('/logout', auth, {});
    expect(out.status).toBe(200);
    expect((await d.request('GET', '/api/stats', { cookie: auth.cookie })).status).toBe(401);
  });

  it('marks cookies Secure when configured', async () => {
    // Behind a TLS proxy on loopback: express-session sets a Secure cookie only over HTTPS.
    const d = await started({ dashboard: { secureCookies: true, trustProxy: true } });
    const page = await d.request('GET', '/login', { headers: { accept: 'text/html', 'x-forwarded-proto': 'https' } });
    expect((page.headers['set-cookie'] ?? []).join(';')).toMatch(/; Secure/);
    expect(String(page.headers['strict-transport-security'])).toMatch(/max-age/);
  });

  it('refuses a state change without the CSRF token, with a wrong one, without Origin, or from another Origin', async () => {
    const d = await started();
    const auth = await d.login();
    const body = JSON.stringify({ content: 'hello' });
    const base = { 'content-type': 'application/json', origin: d.origin };
    const tries: [string, Record<string, string>][] = [
      ['no token', base],
      ['wrong token', { ...base, 'x-csrf-token': 'x'.repeat(43) }],
      ['no origin', { 'content-type': 'application/json', 'x-csrf-token': auth.csrf }],
      ['foreign origin', { ...base, origin: 'http://evil.example', 'x-csrf-token': auth.csrf }],
      ['origin null', { ...base, origin: 'null', 'x-csrf-token': auth.csrf }],
      ['origin of another port', { ...base, origin: 'http://127.0.0.1:1', 'x-csrf-token': auth.csrf }],
    ];
    for (const [what, headers] of tries) {
      const r = await d.request('POST', '/api/assigner/send', { cookie: auth.cookie, headers, body });
      expect(r.status, what).toBe(403);
    }
    expect(d.db.sqlite.prepare('SELECT count(*) AS n FROM prompts').get()).toEqual({ n: 0 });
    const ok = await d.post('/api/assigner/send', auth, { content: 'hello' });
    expect(ok.status).toBe(200);
    expect(ok.json().prompt_id).toBe(1);
    // Every state change is audited, refused ones included.
    const audit = await auditRows(d, (rows) => rows.some((a) => a.details?.status === 200 && a.action === 'POST /api/assigner/send'));
    expect(audit.filter((a) => a.action === 'POST /api/assigner/send' && a.details?.status === 403).length).toBe(tries.length);
    const sent = audit.find((a) => a.details?.status === 200 && a.action === 'POST /api/assigner/send');
    expect(sent?.details).toMatchObject({ promptId: 1, body: { content: 'hello' } });
    expect(JSON.stringify(audit)).not.toContain(auth.csrf);
  });

  it('refuses a rebinding Host on every request, /health included', async () => {
    const d = await started();
    const auth = await d.login();
    for (const host of ['evil.com', `evil.com:${d.server.port}`, '127.0.0.1', `127.0.0.1:${d.server.port + 1}`, `[::2]:${d.server.port}`]) {
      for (const path of ['/health', '/login', '/api/stats']) {
        const r = await d.request('GET', path, { cookie: auth.cookie, headers: { host } });
        expect(r.status, `${host} ${path}`).toBe(403);
      }
    }
    expect((await d.request('GET', '/api/stats', { cookie: auth.cookie, headers: { host: `localhost:${d.server.port}` } })).status).toBe(200);
  });

  it('throttles failed logins: after the limit even the right password waits', async () => {
    const d = await started({ dashboard: { loginMaxFailures: 3 } });
    const page = await d.request('GET', '/login', { headers: { accept: 'text/html' } });
    const cookie = cookieOf(page);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const attempt = (password: string) =>
      d.request('POST', '/login', { cookie, headers: { 'content-type': 'application/json', origin: d.origin }, body: JSON.stringify({ password, _csrf: token }) });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong password!')).status).toBe(401);
    const blocked = await attempt('correct horse battery staple');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const audit = await auditRows(d, (rows) => rows.filter((a) => a.action === 'POST /login').length >= 4);
    expect(audit.filter((a) => a.action === 'POST /login').length).toBe(4);
  });

  it('refuses to bind beyond loopback unless allowed', async () => {
    const { DashboardServer } = await import('./server');
    const d = await started();
    const other = new DashboardServer((d.server as unknown as { d: never }).d, { host: '0.0.0.0', port: 0, root: process.cwd() });
    await expect(other.start()).rejects.toThrow(/allowRemote/);
  });
});
