/**
 * The dashboard in a real browser (Debian's chromium, driven by playwright-core) over the real
 * daemons: the built assigner (with its session watcher) and auto-confirm drive a fake Claude
 * in a private tmux server. Log in; send a prompt and watch it complete without reloading;
 * approve an escalated dialog from "needs you" and see the agent go on; cancel a task; log out.
 * Without chromium this test FAILS: the browser is part of the contract (SPEC §12).
 */
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { readJsonLines } from '../sessions/sessionRig';
import { waitFor } from '../support/waitFor';
import { AssignerRig, type AssignerProcess } from '../assigner/assignerRig';
import { DaemonProcess, freePort } from './dashboardProcess';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'browser test password 1';

let rig: AssignerRig | undefined;
let assigner: AssignerProcess | undefined;
let daemons: DaemonProcess[] = [];
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  await Promise.all(daemons.map((d) => d.kill()));
  await assigner?.kill('SIGKILL');
  await rig?.dispose();
  rig = assigner = browser = undefined;
  daemons = [];
});

it('logs in, sends a prompt that completes live, approves an escalated dialog, cancels a task, logs out', async () => {
  expect(fs.existsSync(CHROMIUM), `chromium is required at ${CHROMIUM} (apt-get install -y chromium)`).toBe(true);
  rig = new AssignerRig('dash');
  const script = {
    default: { workMs: 300, reply: 'done: {prompt}' },
    rules: [{ match: 'needs-permission', steps: [{ work: 200 }, { permission: { tool: 'Bash', command: 'npm run deploy-prod', description: 'Deploy' } }, { work: 200 }], reply: 'deployed' }],
  };
  rig.writeConfig([{ name: 'w1', provider: 'claude', hooks: false, command: rig.fake('claude', 'w1', script) }], { autoConfirm: { allow: ['Read'] } });
  rig.up();
  const port = await freePort();
  expect(rig.cli(['dashboard', 'passwd'], PASSWORD).code).toBe(0);
  assigner = rig.start();
  const dashboard = new DaemonProcess('dashboard', { ...rig.env, PORT: String(port) });
  const autoConfirm = new DaemonProcess('auto-confirm', rig.env);
  daemons = [dashboard, autoConfirm];
  await Promise.all([assigner.ready(), dashboard.ready(), autoConfirm.ready()]);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
  page.on('dialog', (d) => void d.accept());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/EventSource|ERR_ABORTED|net::|Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/api/stats')) errors.push(`${r.status()} ${r.url()}`);
  });
  const base = `http://127.0.0.1:${port}`;

  // Log in.
  await page.goto(`${base}/prompts`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click('#login')]);
  await page.waitForSelector('#chart-throughput');

  // Send a prompt; it reaches the fake agent and completes, shown without a reload.
  await page.goto(`${base}/prompts`);
  await page.waitForSelector('#live-status:has-text("live")');
  let navigations = 0;
  page.on('framenavigated', () => navigations++);
  await page.fill('#send-content', 'hello from the browser');
  await page.click('#send-button');
  await page.waitForSelector('[data-prompt-status="1"]:has-text("completed")', { timeout: 30_000 });
  expect(navigations).toBe(0);
  expect(rig.received(['w1']).map((p) => p.text)).toEqual(['hello from the browser']);

  // The session's screen streams into its page (read-only).
  await page.goto(`${base}/sessions/w1`);
  await page.waitForSelector('#screen:has-text("done: hello from the browser")', { timeout: 20_000 });
  await page.goto(`${base}/prompts`);
  await page.waitForSelector('#live-status:has-text("live")');

  // A dialog auto-confirm escalates (no allow rule for it) waits on "needs you"; approve it.
  await page.fill('#send-content', 'needs-permission please');
  await page.click('#send-button');
  await waitFor('escalation', () => rig!.db.sqlite.prepare("SELECT 1 FROM interactions WHERE kind = 'permission_escalated'").get(), { timeoutMs: 30_000 });
  await page.goto(`${base}/needs-you`);
  await page.waitForSelector('#approve-w1', { timeout: 20_000 });
  expect(await page.textContent('.need')).toContain('npm run deploy-prod');
  await page.click('#approve-w1');
  await waitFor('the agent to be allowed', () => readJsonLines(rig!.record('w1')).find((e) => e.event === 'permission-answer' && e.outcome === 'allow'), { timeoutMs: 20_000 });
  await waitFor('the agent to finish the turn', () => readJsonLines(rig!.record('w1')).find((e) => e.event === 'turn-end' && e.reply === 'deployed'), { timeoutMs: 20_000 });
  await page.waitForSelector('#nothing-needed', { timeout: 20_000 });
  const human = rig.db.sqlite.prepare("SELECT outcome, rule FROM interactions WHERE via = 'dashboard'").all();
  expect(human).toEqual([{ outcome: 'approve', rule: 'human' }]);

  // Add a task (no task worker runs, so it stays pending) and cancel it.
  await page.goto(`${base}/tasks`);
  await page.fill('#task-command', 'sleep 60');
  await page.fill('#task-cwd', rig.work);
  await page.click('#task-add');
  await page.waitForSelector('#cancel-task-1');
  await page.click('#cancel-task-1');
  await page.waitForSelector('[data-task-status="1"]:has-text("cancelled")');

  // Log out: the session is gone for the browser and the server.
  await Promise.all([page.waitForURL(`${base}/login`), page.click('#logout')]);
  const after = await page.request.get(`${base}/api/stats`);
  expect(after.status()).toBe(401);

  const audit = await waitFor('the logout audited', () => {
    const actions = rig!.db.sqlite.prepare('SELECT action FROM audit_log ORDER BY id').all().map((r) => (r as { action: string }).action);
    return actions.includes('POST /logout') ? actions : undefined;
  });
  expect(audit).toEqual(expect.arrayContaining(['POST /login', 'POST /api/assigner/send', 'POST /api/needs-you/:session/answer', 'POST /api/tasks', 'POST /api/tasks/:id/cancel', 'POST /logout']));
  expect(errors).toEqual([]);
}, 150_000); // three daemons, a browser and two agent turns on a shared 2-core machine
