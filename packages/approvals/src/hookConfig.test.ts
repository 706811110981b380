import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '@architect/core';
import { loadHookConfig } from './hookConfig';

let home: string;
beforeEach(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-hookcfg-'))));
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const write = (value: unknown) => fs.writeFileSync(path.join(home, 'architect.config.json'), JSON.stringify(value));
const cacheFile = () => path.join(home, 'data', 'hooks', 'auto-confirm.config.json');

describe('the hook\'s config', () => {
  it('is validated like everywhere (defaults applied), then served from the cache until the file changes', async () => {
    write({ sessions: [{ name: 'w1', provider: 'claude', cwd: '/r' }], autoConfirm: { allow: ['Read'] } });
    const first = await loadHookConfig({ ARCHITECT_HOME: home }, '/nowhere');
    expect(first).toMatchObject({ home, dbPath: path.join(home, 'data', 'architect.db'), autoConfirm: { allow: ['Read'], maxPerMinute: 30 } });
    expect(first.sessions[0]).toMatchObject({ name: 'w1', hooks: true });
    expect(fs.existsSync(cacheFile())).toBe(true);

    // A cache entry for this very file is used as is (proved by doctoring it).
    const cached = JSON.parse(fs.readFileSync(cacheFile(), 'utf8'));
    cached.config.autoConfirm.allow = ['from-cache'];
    fs.writeFileSync(cacheFile(), JSON.stringify(cached));
    expect((await loadHookConfig({ ARCHITECT_HOME: home }, '/nowhere')).autoConfirm.allow).toEqual(['from-cache']);

    // Any change to the file misses the cache.
    write({ autoConfirm: { allow: ['Edit', 'Read'] } });
    expect((await loadHookConfig({ ARCHITECT_HOME: home }, '/nowhere')).autoConfirm.allow).toEqual(['Edit', 'Read']);
  });

  it('an invalid config throws (never a stale cache), and a different ARCHITECT_CONFIG is its own entry', async () => {
    write({ autoConfirm: { allow: ['Read'] } });
    await loadHookConfig({ ARCHITECT_HOME: home }, '/nowhere');
    write({ autoConfirm: { maxPerMinute: 'lots' } });
    await expect(loadHookConfig({ ARCHITECT_HOME: home }, '/nowhere')).rejects.toBeInstanceOf(ConfigError);
    const other = path.join(home, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ autoConfirm: { deny: ['Bash'] } }));
    expect((await loadHookConfig({ ARCHITECT_HOME: home, ARCHITECT_CONFIG: other }, '/nowhere')).autoConfirm.deny).toEqual(['Bash']);
  });
});
