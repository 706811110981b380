import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { architect, REPO_ROOT } from '../support/cli';

const require = createRequire(import.meta.url);

let home: string | undefined;
afterEach(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
  home = undefined;
});

function setup(): Record<string, string> {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-health-cli-'));
  const env = { ARCHITECT_HOME: home, PM2_HOME: path.join(home, 'pm2') };
  expect(architect(['db', 'migrate'], env).code).toBe(0);
  return env;
}

describe('architect health / outages / maintenance / cron print', () => {
  it('says DEGRADED with the reason, exit 1, when no health daemon has ever run; --alert raises one alert', () => {
    const env = setup();
    const r = architect(['health', '--json'], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      status: 'DEGRADED',
      reasons: ['health daemon not running (no check has ever run)'],
      checks: [],
      daemon: { running: false, pid: null, last_cycle_at: null },
    });
    expect(r.stderr).toBe('');
    const human = architect(['health'], env);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^DEGRADED \(health daemon not running\)\n {2}- health daemon not running/);
    // The cron probe: one alert, not one per run.
    expect(architect(['health', '--alert', '--json'], env).code).toBe(1);
    expect(architect(['health', '--alert', '--json'], env).code).toBe(1);
    const db = path.join(home!, 'data', 'architect.db');
    const sqlite = new (require('better-sqlite3') as typeof import('better-sqlite3'))(db, { readonly: true });
    try {
      expect(sqlite.prepare("SELECT count(*) AS n FROM alerts WHERE kind = 'health'").get()).toEqual({ n: 1 });
    } finally {
      sqlite.close();
    }
  });

  it('one health cycle by hand (--once) stores checks the CLI then reports', () => {
    const env = { ...setup(), ARCHITECT_TMUX_SOCKET: `arch-none-${process.pid}` };
    const once = require('node:child_process').spawnSync(process.execPath, [path.join(REPO_ROOT, 'apps/health/dist/main.js'), '--once'], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(once.status, once.stderr).toBe(0);
    const r = JSON.parse(architect(['health', '--json'], env).stdout) as { checks: { name: string; status: string; message: string }[] };
    const names = r.checks.map((c) => c.name);
    for (const n of ['database', 'db-size', 'wal-size', 'disk', 'tmux', 'pm2', 'prompts-timeout', 'tasks-timeout']) expect(names).toContain(n);
    expect(r.checks.find((c) => c.name === 'pm2')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^PM2 not reachable at /) });
    expect(r.checks.find((c) => c.name === 'tmux')).toMatchObject({ status: 'ok', message: expect.stringContaining('no sessions configured') });
    expect(JSON.parse(architect(['outages', '--json'], env).stdout)).toEqual([]);
  });

  it('maintenance --dry-run --json reports per table and deletes nothing; bad usage exits 2', () => {
    const env = setup();
    const r = architect(['maintenance', '--dry-run', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { dry_run: boolean; tables: { table: string; rows: number }[]; integrity: { ok: boolean } };
    expect(doc.dry_run).toBe(true);
    expect(doc.tables.map((t) => t.table)).toEqual(['interactions', 'hook_events', 'health_checks', 'outages', 'prompts', 'tasks', 'sms_messages', 'alerts']);
    expect(doc.integrity.ok).toBe(true);
    const real = architect(['maintenance', '--json'], env);
    expect(real.code, real.stderr).toBe(0);
    expect((JSON.parse(real.stdout) as { checkpoint: unknown }).checkpoint).not.toBeNull();
    expect(architect(['outages', '--limit', 'many'], env).code).toBe(2);
    expect(architect(['restore'], env).code).toBe(2);
  });

  it('cron print gives absolute, self-contained lines with output to logs/', () => {
    const env = setup();
    const r = architect(['cron', 'print'], env);
    expect(r.code, r.stderr).toBe(0);
    const jobs = r.stdout.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(jobs).toHaveLength(3);
    expect(jobs[0]).toMatch(/^17 3 \* \* \* cd \/\S+ && ARCHITECT_HOME=\S+ .*\/node \/\S+\/apps\/cli\/dist\/main\.js maintenance --json >> \S+\/logs\/maintenance\.log 2>&1$/);
    expect(jobs[1]).toMatch(/^0 \*\/6 \* \* \* .* backup --json >> \S+\/logs\/backup\.log 2>&1$/);
    expect(jobs[2]).toMatch(/^\*\/5 \* \* \* \* .* health --alert >> \S+\/logs\/health-cron\.log 2>&1$/);
    expect(jobs.every((l) => l.includes(`ARCHITECT_HOME=${home}`) && l.includes(`ARCHITECT_DB=${path.join(home!, 'data', 'architect.db')}`))).toBe(true);
    // No config file and none named explicitly: ARCHITECT_CONFIG left out (set, it must exist).
    expect(r.stdout).not.toContain('ARCHITECT_CONFIG=');
  });
});
