/**
 * A closed pipe is not a crash: `architect prompts list | head -1` must exit 0 with nothing on
 * stderr. Through a real shell pipe, with enough output (hundreds of KB) that the CLI is still
 * writing when head has gone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, enqueuePrompt } from '@architect/db';
import { architect, CLI } from '../support/cli';

let home: string;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-pipe-'));
  expect(architect(['db', 'migrate'], { ARCHITECT_HOME: home }).code).toBe(0);
  const db = createDb({ path: path.join(home, 'data', 'architect.db') });
  for (let i = 0; i < 3000; i++) enqueuePrompt(db, { content: `prompt ${i} ${'x'.repeat(100)}`, source: 'cli' }, Date.now());
  db.close();
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function piped(args: string): { code: number; stdout: string; cliStderr: string } {
  const errFile = path.join(home, 'cli.err');
  // pipefail: the status is the CLI's, not head's.
  const r = spawnSync('bash', ['-c', `set -o pipefail; '${process.execPath}' '${CLI}' ${args} 2>'${errFile}' | head -1`], {
    encoding: 'utf8',
    env: { ...process.env, ARCHITECT_HOME: home },
    timeout: 30_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, cliStderr: fs.readFileSync(errFile, 'utf8') };
}

describe('architect … | head -1', () => {
  it('prompts list: one line, status 0, no EPIPE trace', () => {
    const r = piped('prompts list --limit 5000');
    expect(r.cliStderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('prompts list --json: the same', () => {
    const r = piped('prompts list --json --limit 5000');
    expect(r.cliStderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});
