import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { architect, REPO_ROOT } from '../support/cli';
import { trackResource } from '../support/leakGuard';
import { waitFor } from '../support/waitFor';
import { WorkerProcess } from '../taskWorker/workerProcess';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof import('better-sqlite3');

let home: string | undefined;
afterEach(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
  home = undefined;
});

function setup(config: Record<string, unknown> = {}): { env: Record<string, string>; dbPath: string } {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-backup-'));
  fs.writeFileSync(path.join(home, 'architect.config.json'), JSON.stringify(config));
  // A PM2_HOME with no PM2 in it: the restore's PM2 look-up must never reach the user's own PM2.
  fs.mkdirSync(path.join(home, 'pm2'));
  const env = { ARCHITECT_HOME: home, PM2_HOME: path.join(home, 'pm2'), LOG_LEVEL: 'warn' };
  const m = architect(['db', 'migrate'], env);
  expect(m.code, m.stderr).toBe(0);
  return { env, dbPath: path.join(home, 'data', 'architect.db') };
}

function startCommitter(dbPath: string): { child: ChildProcess; stop: () => Promise<void> } {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/health/committer.mjs'), dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const untrack = trackResource(`committer pid ${child.pid}`, () => child.kill('SIGKILL'));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      untrack();
    },
  };
}

function counts(file: string): { interactions: number; hooks: number; maxSeq: number; integrity: string } {
  const db = new Database(file, { readonly: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
    return {
      interactions: n("SELECT count(*) AS n FROM interactions WHERE kind = 'seq'"),
      hooks: n("SELECT count(*) AS n FROM hook_events WHERE event = 'seq'"),
      maxSeq: n("SELECT max(json_extract(details, '$.seq')) AS n FROM interactions WHERE kind = 'seq'"),
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

describe('architect backup / restore', () => {
  it('backs up consistently while a writer commits, prunes old backups, and restores a backup', async () => {
    const { env, dbPath } = setup({ maintenance: { backupKeep: 2 } });
    const writer = startCommitter(dbPath);
    await waitFor('the writer committing', () => counts(dbPath).interactions >= 1000, { timeoutMs: 20_000 });

    const backups: { file: string; bytes: number; pruned: string[] }[] = [];
    for (let i = 0; i < 3; i++) {
      const r = architect(['backup', '--json'], env);
      expect(r.code, r.stderr).toBe(0);
      backups.push(JSON.parse(r.stdout));
    }
    const live = counts(dbPath);
    await writer.stop();

    for (const b of backups.slice(1)) {
      expect(path.dirname(b.file)).toBe(path.join(home!, 'data', 'backups'));
      expect(fs.statSync(b.file).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(`${b.file}-wal`)).toBe(false);
      const c = counts(b.file);
      // As of one commit: every transaction whole (both rows), none missing in between.
      expect(c.integrity).toBe('ok');
      expect(c.interactions).toBeGreaterThanOrEqual(1000);
      expect(c.hooks).toBe(c.interactions);
      expect(c.maxSeq).toBe(c.interactions);
    }
    // keep 2: the third backup pruned the first.
    expect(backups[2]!.pruned).toEqual([backups[0]!.file]);
    expect(fs.existsSync(backups[0]!.file)).toBe(false);
    expect(counts(backups[2]!.file).interactions).toBeLessThanOrEqual(live.interactions);

    // Restore the older remaining backup over the (larger) live database.
    const target = backups[1]!.file;
    const expected = counts(target).interactions;
    const r = architect(['restore', target, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { kept_aside: string[]; integrity: string };
    expect(result.integrity).toBe('ok');
    expect(result.kept_aside[0]).toMatch(/architect\.db\.before-restore-/);
    expect(counts(result.kept_aside[0]!).interactions).toBeGreaterThan(expected);
    expect(counts(dbPath)).toMatchObject({ interactions: expected, hooks: expected, integrity: 'ok' });
    expect(fs.statSync(dbPath).mode & 0o777).toBe(0o600);
    // The restored database works for the CLI as before.
    expect(architect(['status', '--json'], env).code).toBe(0);
  }, 90_000);

  it('refuses to restore while a daemon runs, and refuses a file that is not an Architect database', async () => {
    const { env, dbPath } = setup({ taskWorker: { heartbeatMs: 500, pollMs: 500 } });
    const b = architect(['backup', '--json'], env);
    expect(b.code, b.stderr).toBe(0);
    const file = (JSON.parse(b.stdout) as { file: string }).file;

    const worker = new WorkerProcess(env);
    try {
      await waitFor('task-worker registered', () => {
        const w = JSON.parse(architect(['workers', '--json'], env).stdout) as { name: string; status: string; pid: number }[];
        return w.some((x) => x.name === 'task-worker' && x.status === 'running' && x.pid === worker.pid);
      }, { timeoutMs: 20_000 });
      const before = fs.statSync(dbPath).ino;
      const r = architect(['restore', file], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`refusing to restore while daemons run: task-worker:0 (pid ${worker.pid}, seen via workers)`);
      expect(fs.statSync(dbPath).ino).toBe(before);
    } finally {
      await worker.kill('SIGINT');
    }

    const junk = path.join(home!, 'junk.db');
    const j = new Database(junk);
    j.exec('CREATE TABLE t (x)');
    j.close();
    const r = architect(['restore', junk], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not an Architect database \(missing tables: __drizzle_migrations, prompts, sessions, tasks, workers\)/);
    const text = path.join(home!, 'notes.txt');
    fs.writeFileSync(text, 'not a database at all, just some words to fill a page '.repeat(100));
    const t = architect(['restore', text], env);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/not a (readable )?SQLite database/);
    expect(fs.existsSync(`${dbPath}.restoring`)).toBe(false);
    // After the worker stopped gracefully, the same restore goes through.
    expect(architect(['restore', file], env).code).toBe(0);
  }, 90_000);
});
