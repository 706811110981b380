import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { loadConfig } from './load';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(cfg: unknown): string {
  const file = path.join(dir, 'architect.config.json');
  fs.writeFileSync(file, typeof cfg === 'string' ? cfg : JSON.stringify(cfg));
  return file;
}

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the embedded defaults when no file exists', () => {
    const c = loadConfig({ env: {}, defaultHome: dir });
    expect(c.home).toBe(dir);
    expect(c.dbPath).toBe(path.join(dir, 'data', 'architect.db'));
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.file.sessions).toEqual([]);
    expect(c.file.assigner.maxBusy).toBe(8);
    expect(c.file.taskWorker.maxAttempts).toBe(3);
  });

  it('honours the SPEC §10 environment variables', () => {
    const cfg = write({ assigner: { maxBusy: 2 } });
    const c = loadConfig({
      env: { ARCHITECT_HOME: dir, ARCHITECT_DB: '/tmp/x.db', ARCHITECT_CONFIG: cfg, ARCHITECT_TMUX_SOCKET: 'mine', PORT: '9000', HOST: '0.0.0.0' },
      defaultHome: '/nowhere',
    });
    expect(c).toMatchObject({ dbPath: '/tmp/x.db', tmuxSocket: 'mine', port: 9000, host: '0.0.0.0' });
    expect(c.file.assigner.maxBusy).toBe(2);
  });

  it('reports every problem at once, with paths', () => {
    const cfg = write({
      sessions: [
        { name: 'bad name', provider: 'claude', cwd: dir },
        { name: 'a', provider: 'cursor', cwd: dir },
        { name: 'b', provider: 'codex', cwd: dir, extra: 1 },
        { name: 'b', provider: 'codex', cwd: dir },
      ],
      assigner: { maxBusy: 0 },
      typo: true,
    });
    const problems = problemsOf(() => loadConfig({ env: { ARCHITECT_CONFIG: cfg }, defaultHome: dir }));
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['sessions.0.name', 'sessions.1.provider', 'sessions.2', 'assigner.maxBusy', '']),
    );
    expect(problems.some((p) => p.message.includes('duplicate session name "b"'))).toBe(true);
  });

  it('rejects malformed JSON and bad environment values clearly', () => {
    const cfg = write('{ "sessions": [ ');
    expect(problemsOf(() => loadConfig({ env: { ARCHITECT_CONFIG: cfg }, defaultHome: dir }))[0]!.message).toMatch(/not valid JSON/);
    const envProblems = problemsOf(() => loadConfig({ env: { PORT: 'eighty', ARCHITECT_TMUX_SOCKET: 'a b' }, defaultHome: dir }));
    expect(envProblems.map((p) => p.path).sort()).toEqual(['ARCHITECT_TMUX_SOCKET', 'PORT']);
  });

  it('fails when an explicitly named config file is missing', () => {
    expect(() => loadConfig({ env: { ARCHITECT_CONFIG: path.join(dir, 'nope.json') }, defaultHome: dir })).toThrow(/ENOENT/);
  });

  it('checks session working directories when asked', () => {
    const cfg = write({ sessions: [{ name: 'a', provider: 'shell', cwd: path.join(dir, 'missing') }] });
    expect(() => loadConfig({ env: { ARCHITECT_CONFIG: cfg }, defaultHome: dir })).not.toThrow();
    const problems = problemsOf(() => loadConfig({ env: { ARCHITECT_CONFIG: cfg }, defaultHome: dir, checkPaths: true }));
    expect(problems[0]).toMatchObject({ path: 'sessions.0.cwd' });
  });
});
