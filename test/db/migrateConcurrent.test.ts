import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli';

let home: string | undefined;
afterEach(() => {
  if (home) fs.rmSync(home, { recursive: true, force: true });
  home = undefined;
});

function runMigrate(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'db', 'migrate', '--json'], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('architect db migrate', () => {
  it('two processes started together both succeed and apply each migration once', async () => {
    for (let round = 0; round < 3; round++) {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-mig-'));
      const env = { ...process.env, ARCHITECT_HOME: home };
      const results = await Promise.all([runMigrate(env), runMigrate(env), runMigrate(env)]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const applied = results.map((r) => (JSON.parse(r.stdout) as { applied: string[] }).applied.length);
      expect(applied.filter((n) => n > 0)).toHaveLength(1);
      const db = new Database(path.join(home, 'data', 'architect.db'), { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const n = (db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
        expect(n).toBe(Math.max(...applied));
      } finally {
        db.close();
      }
      fs.rmSync(home, { recursive: true, force: true });
      home = undefined;
    }
  });

  it('reports a malformed config clearly and exits non-zero without touching the database', async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-mig-'));
    fs.writeFileSync(path.join(home, 'architect.config.json'), '{"sessions": [{"name": "x y", "provider": "nope"}]}');
    const r = await runMigrate({ ...process.env, ARCHITECT_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/sessions\.0\.name/);
    expect(r.stderr).toMatch(/sessions\.0\.provider/);
    expect(r.stderr).toMatch(/sessions\.0\.cwd/);
    expect(fs.existsSync(path.join(home, 'data', 'architect.db'))).toBe(false);
  });
});
