/**
 * Projects, features, bugs and the vault in a real browser (Debian's chromium via
 * playwright-core) over the built dashboard daemon: add a project and a feature from the pages,
 * send the feature to the fleet in one click and see its prompt, then reveal a secret — only on
 * the explicit button, with an audit row. Without chromium this test FAILS (SPEC §12).
 */
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { listAudit } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { architect } from '../support/cli';
import { DaemonProcess, freePort } from './dashboardProcess';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'planning browser password';
const VALUE = 'sk-browser-PLAINTEXT-987';

let db: TempDb | undefined;
let dashboard: DaemonProcess | undefined;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  await dashboard?.kill();
  db?.dispose();
  db = dashboard = browser = undefined;
});

it('adds a project and a feature, sends the feature to the fleet, reveals a secret (audited)', async () => {
  expect(fs.existsSync(CHROMIUM), `chromium is required at ${CHROMIUM} (apt-get install -y chromium)`).toBe(true);
  db = tempDb();
  const port = await freePort();
  const env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path, ARCHITECT_VAULT_KEY: '', PORT: String(port) };
  expect(architect(['dashboard', 'passwd'], env, PASSWORD).code).toBe(0);
  expect(architect(['secrets', 'set', 'STRIPE_KEY', '--service', 'stripe'], env, VALUE).code).toBe(0);
  dashboard = new DaemonProcess('dashboard', env);
  await dashboard.ready();

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const page = await browser.newPage();
  page.on('dialog', (d) => void d.accept());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const base = `http://127.0.0.1:${port}`;

  await page.goto(`${base}/login`);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click('#login')]);

  await page.goto(`${base}/projects`);
  await page.fill('#project-form input[name=name]', 'shop');
  await page.fill('#project-form input[name=path]', '/src/shop');
  await page.click('#project-form button[type=submit]');
  await page.waitForSelector('#live td:has-text("/src/shop")');

  await page.goto(`${base}/features`);
  await page.fill('#feature-form input[name=title]', 'Checkout flow');
  await page.fill('#feature-form input[name=project]', 'shop');
  await page.click('#feature-form button[type=submit]');
  await page.waitForSelector('#send-feature-1');
  await page.click('#send-feature-1');
  await page.waitForSelector('#live td:has-text("#1 pending")');
  expect(await page.textContent('#live')).toContain('in_progress');

  await page.goto(`${base}/secrets`);
  expect(await page.content()).not.toContain(VALUE);
  await page.click('#reveal-STRIPE_KEY');
  await page.waitForSelector(`#flash:has-text("STRIPE_KEY = ${VALUE}")`);
  expect(await page.textContent('#live')).not.toContain(VALUE);

  const audit = listAudit(db, 100);
  expect(audit.find((a) => a.action === 'secrets.reveal')).toMatchObject({ target: 'STRIPE_KEY', actor: 'dashboard:admin' });
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['POST /api/projects', 'POST /api/features', 'POST /api/features/:id/send', 'POST /api/secrets/:name/reveal']));
  expect(JSON.stringify(audit)).not.toContain(VALUE);
  expect(dashboard.output).not.toContain(VALUE);
  expect(errors).toEqual([]);
}, 120_000);
