import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOOK_EVENTS, commandHookSettings, hookCommand, httpHookSettings, writeHookSettings } from './hookSettings';

let dir: string | undefined;
afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

describe('hook settings', () => {
  const o = { node: '/usr/bin/node', cliMain: '/repo/apps/cli/dist/main.js', home: "/home/o'brien", dbPath: '/db/a.db', session: 'w1' };

  it('builds a hook command that carries its own environment, quoted for sh', () => {
    expect(hookCommand(o)).toBe(
      `ARCHITECT_HOME='/home/o'\\''brien' ARCHITECT_DB='/db/a.db' ARCHITECT_SESSION='w1' '/usr/bin/node' '/repo/apps/cli/dist/main.js' hook`,
    );
  });

  it('writes a settings file in Claude Code format under data/hooks, one command per event', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-hooks-'));
    const file = writeHookSettings(path.join(dir, 'hooks'), 'w1', commandHookSettings(o, 10));
    expect(file).toBe(path.join(dir, 'hooks', 'w1.settings.json'));
    const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(settings.hooks).sort()).toEqual([...HOOK_EVENTS].sort());
    expect(settings.hooks.Stop).toEqual([{ hooks: [{ type: 'command', command: hookCommand(o), timeout: 10 }] }]);
    expect(settings.hooks.PermissionRequest[0].matcher).toBe('*');
    expect(fs.readdirSync(path.join(dir, 'hooks'))).toEqual(['w1.settings.json']); // no temp file left
  });

  it('http settings: the loopback URL with the session, the secret only as a variable name', () => {
    const settings = httpHookSettings({ port: 4711, session: 'w.1', eventTimeoutSeconds: 5, permissionTimeoutSeconds: 30 });
    expect(Object.keys(settings.hooks).sort()).toEqual([...HOOK_EVENTS].sort());
    const hook = { type: 'http', url: 'http://127.0.0.1:4711/hook/w.1', headers: { Authorization: 'Bearer $ARCHITECT_HOOK_TOKEN' }, allowedEnvVars: ['ARCHITECT_HOOK_TOKEN'] };
    expect(settings.hooks.Stop).toEqual([{ hooks: [{ ...hook, timeout: 5 }] }]);
    expect(settings.hooks.PermissionRequest).toEqual([{ matcher: '*', hooks: [{ ...hook, timeout: 30 }] }]);
  });
});
