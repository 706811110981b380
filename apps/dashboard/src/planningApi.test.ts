import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit, openVault, vaultKeySourceOf } from '@architect/db';
import { parseEnv } from '@architect/core';
import { TestDashboard } from './testServer';

let dash: TestDashboard | undefined;
afterEach(async () => {
  await dash?.stop();
  dash = undefined;
});

describe('dashboard: projects, features, bugs and the vault', () => {
  it('creates, lists, updates (CAS) and sends features and bugs through the JSON API', async () => {
    dash = await new TestDashboard().start();
    const auth = await dash.login();
    expect((await dash.post('/api/projects', auth, { name: 'shop', source_path: '/src/shop' })).json()).toEqual({ project_id: 1 });
    expect((await dash.post('/api/projects', auth, { name: 'shop' })).status).toBe(409);
    expect((await dash.post('/api/projects', auth, { name: 'x', bogus: 1 })).status).toBe(400);
    expect((await dash.post('/api/features', auth, { project_id: 1, title: 'cart', estimated_hours: 8 })).json()).toEqual({ feature_id: 1 });
    expect((await dash.post('/api/bugs', auth, { project: 'shop', title: 'totals wrong', severity: 'high' })).json()).toEqual({ bug_id: 1 });
    expect((await dash.post('/api/bugs', auth, { title: 'x', severity: 'apocalyptic' })).status).toBe(400);
    const list = (await dash.request('GET', '/api/features?project_id=1&status=draft', { cookie: auth.cookie })).json();
    expect(list).toEqual([expect.objectContaining({ id: 1, title: 'cart', status: 'draft', project: 'shop', estimated_hours: 8 })]);

    expect((await dash.post('/api/features/1/update', auth, { status: 'blocked', from_status: 'draft' })).json().status).toBe('blocked');
    expect((await dash.post('/api/features/1/update', auth, { status: 'completed', from_status: 'draft' })).status).toBe(409);

    const sent = (await dash.post('/api/bugs/1/send', auth, { priority: 3 })).json();
    expect(sent).toEqual({ prompt_id: 1, bug_id: 1, status: 'in_progress' });
    expect((await dash.request('GET', '/api/stats', { cookie: auth.cookie })).json()).toMatchObject({ projects: 1, active_features: 0, open_bugs: 1 });
    const bug = (await dash.request('GET', '/api/bugs/1', { cookie: auth.cookie })).json();
    expect(bug.prompts).toEqual([expect.objectContaining({ prompt_id: 1, status: 'pending' })]);
    const page = await dash.request('GET', '/bugs', { cookie: auth.cookie, headers: { accept: 'text/html' } });
    expect(page.body).toContain('#1 pending');
    expect(page.body).toContain('Send to fleet');
    expect(listAudit(dash.db, 50).some((a) => a.action === 'POST /api/bugs/:id/send' && (a.details as { promptId?: number }).promptId === 1)).toBe(true);
  });

  it('lists secret names only; a value comes back only from the CSRF-checked, audited reveal POST', async () => {
    dash = await new TestDashboard().start();
    const auth = await dash.login();
    const VALUE = 'sk-dashboard-PLAINTEXT-123';
    expect((await dash.post('/api/secrets', auth, { name: 'OPENAI_KEY', value: VALUE, service: 'openai' })).json()).toEqual({ name: 'OPENAI_KEY', outcome: 'created' });
    const keyFile = path.join(dash.db.dir, 'data', 'vault.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    const listing = await dash.request('GET', '/api/secrets', { cookie: auth.cookie });
    expect(listing.json()).toEqual([expect.objectContaining({ name: 'OPENAI_KEY', service: 'openai' })]);
    const page = await dash.request('GET', '/secrets', { cookie: auth.cookie, headers: { accept: 'text/html' } });
    for (const body of [listing.body, page.body]) expect(body).not.toContain(VALUE);

    const noCsrf = await dash.request('POST', '/api/secrets/OPENAI_KEY/reveal', { cookie: auth.cookie, headers: { 'content-type': 'application/json', origin: dash.origin }, body: '{}' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body).not.toContain(VALUE);
    const revealed = await dash.post('/api/secrets/OPENAI_KEY/reveal', auth, {});
    expect(revealed.json()).toEqual({ name: 'OPENAI_KEY', value: VALUE });
    expect(revealed.headers['cache-control']).toBe('no-store');
    const audit = listAudit(dash.db, 50);
    expect(audit.find((a) => a.action === 'secrets.reveal')).toMatchObject({ target: 'OPENAI_KEY', actor: expect.stringMatching(/^dashboard:/) });
    expect(JSON.stringify(audit)).not.toContain(VALUE);
    expect((await dash.post('/api/secrets/NOPE/reveal', auth, {})).status).toBe(404);

    // the CLI's view of the same vault (same key file) decrypts what the dashboard stored
    const vault = openVault(dash.db, vaultKeySourceOf(parseEnv({ ARCHITECT_HOME: dash.db.dir }, dash.db.dir)));
    expect(vault.reveal('OPENAI_KEY', { actor: 'test' }, Date.now())).toBe(VALUE);
    expect((await dash.post('/api/secrets/OPENAI_KEY/delete', auth, {})).json()).toEqual({ name: 'OPENAI_KEY', removed: true });
  });
});
