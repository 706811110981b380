import { afterEach, describe, expect, it } from 'vitest';
import { addProject, claimTask, completeTask, failStep, insertPlan, listAudit, listPlanSteps, queueStep, startVerify, recordMilestoneScan, upsertSuggestion, type NewPlanStep } from '@architect/db';
import { TestDashboard } from './testServer';

let dash: TestDashboard | undefined;
afterEach(async () => {
  await dash?.stop();
  dash = undefined;
});

const step = (key: string, phase: string, extra: Partial<NewPlanStep> = {}): NewPlanStep => ({
  key, phase, title: `do ${key}`, prompt: `prompt for ${key}`, dependsOn: [], targetSession: null, targetProvider: null, requiredSpecialty: null, verify: 'pnpm test', done: false, ...extra,
});

describe('dashboard: plans, milestones and suggestions', () => {
  it('shows plans with progress per phase and each step, escaped', async () => {
    dash = await new TestDashboard().start();
    const db = dash.db;
    const now = Date.now();
    const planId = insertPlan(db, {
      name: 'ship <b>cart</b>',
      projectId: null,
      source: null,
      maxAttempts: 3,
      now,
      steps: [step('a', 'Phase 1', { done: true }), step('b', 'Phase 1', { prompt: 'build <script>alert(1)</script>' }), step('c', 'Phase 2')],
    });
    const b = listPlanSteps(db, planId)[1]!;
    const promptId = queueStep(db, b.id, { content: b.prompt }, now);
    expect(promptId).not.toBeNull();
    expect(failStep(db, { ...b, status: 'queued', attempts: 1 }, 'verify exit 1: <img src=x onerror=boom>', now)).toBe('retry');

    // step c's verify ran and printed more than the bound: the dashboard shows its tail
    const c = listPlanSteps(db, planId)[2]!;
    const cPrompt = queueStep(db, c.id, { content: c.prompt }, now)!;
    const taskId = startVerify(db, c.id, cPrompt, { type: 'shell', payload: { command: 'pnpm test' }, maxAttempts: 1, timeoutSeconds: 60 }, now)!;
    const claim = claimTask(db, 'w1', 60_000, now)!;
    expect(claim.id).toBe(taskId);
    const out = `${'x'.repeat(10_000)}FAIL <b>totals</b>`;
    expect(completeTask(db, claim, { exitCode: 1, signal: null, outputHead: out.slice(0, 100), outputTail: out, outputBytes: out.length, durationMs: 5 }, now)).toBe(true);

    const auth = await dash.login();
    const list = (await dash.request('GET', '/api/plans', { cookie: auth.cookie })).json();
    expect(list).toEqual([
      expect.objectContaining({
        id: planId,
        progress: '50% of Phase 1',
        phases: [
          { phase: 'Phase 1', done: 1, total: 2, percent: 50 },
          { phase: 'Phase 2', done: 0, total: 1, percent: 0 },
        ],
      }),
    ]);
    const detail = (await dash.request('GET', `/api/plans/${planId}`, { cookie: auth.cookie })).json();
    expect(detail.steps[1]).toMatchObject({ key: 'b', status: 'pending', attempts: 1, promptId, promptStatus: 'pending', lastFailure: expect.stringContaining('onerror') });
    expect(detail.steps[2]).toMatchObject({ key: 'c', status: 'verifying', verifyTaskId: taskId, lastVerify: { taskId, exitCode: 1, output: expect.stringMatching(/FAIL <b>totals<\/b>$/) } });
    expect(detail.steps[2].lastVerify.output.length).toBeLessThanOrEqual(4001);
    expect((await dash.request('GET', '/api/plans/999', { cookie: auth.cookie })).status).toBe(404);
    expect((await dash.request('GET', '/api/plans/x', { cookie: auth.cookie })).status).toBe(400);

    const listPage = await dash.request('GET', '/plans', { cookie: auth.cookie, headers: { accept: 'text/html' } });
    expect(listPage.body).toContain('ship &lt;b&gt;cart&lt;/b&gt;');
    expect(listPage.body).toContain('<progress max="2" value="1">50%</progress>');
    expect(listPage.body).toContain('href="/suggestions"');
    const page = await dash.request('GET', `/plans/${planId}`, { cookie: auth.cookie, headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('build &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('&lt;img src=x onerror=boom&gt;');
    expect(page.body).toContain('FAIL &lt;b&gt;totals&lt;/b&gt;');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
  });

  it('lists milestones by project with open and closed counts', async () => {
    dash = await new TestDashboard().start();
    const projectId = addProject(dash.db, { name: 'shop' }, Date.now());
    const item = { kind: 'comment', tag: 'TODO', file: 'src/a.ts', owner: null, estimatedHours: 1 };
    recordMilestoneScan(dash.db, {
      projectId,
      now: Date.now(),
      reportPath: null,
      items: [
        { ...item, signature: 's1', text: 'fix <cart>', line: 3, phase: 'Phase 1' },
        { ...item, signature: 's2', text: 'later', line: 9, phase: 'Phase 2' },
      ],
      phases: [],
    });
    recordMilestoneScan(dash.db, { projectId, now: Date.now() + 1000, reportPath: null, items: [{ ...item, signature: 's1', text: 'fix <cart>', line: 3, phase: 'Phase 1' }], phases: [] });
    const auth = await dash.login();
    const ms = (await dash.request('GET', '/api/milestones', { cookie: auth.cookie })).json();
    expect(ms).toEqual([
      expect.objectContaining({ project: 'shop', open: 1, closed: 1, phases: [{ phase: 'Phase 1', open: 1, closed: 0 }, { phase: 'Phase 2', open: 0, closed: 1 }], items: [expect.objectContaining({ signature: 's1' })] }),
    ]);
    const page = await dash.request('GET', '/milestones', { cookie: auth.cookie, headers: { accept: 'text/html' } });
    expect(page.body).toContain('fix &lt;cart&gt;');
  });

  it('accepts a suggestion once, only with CSRF and Origin, and audits it', async () => {
    dash = await new TestDashboard().start();
    const now = Date.now();
    upsertSuggestion(dash.db, { kind: 'flaky', fingerprint: 'f1', message: 'raise <timeout>', evidence: { n: 3 } }, now);
    upsertSuggestion(dash.db, { kind: 'flaky', fingerprint: 'f2', message: 'other', evidence: {} }, now);
    const auth = await dash.login();
    const page = await dash.request('GET', '/suggestions', { cookie: auth.cookie, headers: { accept: 'text/html' } });
    expect(page.body).toContain('raise &lt;timeout&gt;');
    expect(page.body).toContain('data-api="/api/suggestions/1/accept"');

    const body = '{}';
    expect((await dash.request('POST', '/api/suggestions/1/accept', { cookie: auth.cookie, headers: { 'content-type': 'application/json', origin: dash.origin }, body })).status).toBe(403);
    expect((await dash.request('POST', '/api/suggestions/1/accept', { cookie: auth.cookie, headers: { 'content-type': 'application/json', 'x-csrf-token': auth.csrf }, body })).status).toBe(403);
    expect((await dash.post('/api/suggestions/1/accept', auth, {})).json()).toEqual({ suggestion_id: 1, status: 'accepted' });
    const again = await dash.post('/api/suggestions/1/accept', auth, {});
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: 'conflict' });
    expect((await dash.post('/api/suggestions/2/dismiss', auth, {})).json()).toEqual({ suggestion_id: 2, status: 'dismissed' });
    expect((await dash.post('/api/suggestions/9/accept', auth, {})).status).toBe(404);
    expect((await dash.post('/api/suggestions/1/accept', auth, { bogus: 1 })).status).toBe(400);
    const listed = (await dash.request('GET', '/api/suggestions?status=accepted', { cookie: auth.cookie })).json();
    expect(listed).toEqual([expect.objectContaining({ id: 1, status: 'accepted', evidence: { n: 3 } })]);
    expect(listAudit(dash.db, 50).some((a) => a.action === 'POST /api/suggestions/:id/accept' && (a.details as { suggestionId?: number }).suggestionId === 1)).toBe(true);
  });
});
