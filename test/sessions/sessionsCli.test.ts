import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyScreen, toJsonShape } from '../../packages/tmux/src/detectors/index';
import { REPO_ROOT } from '../support/cli';
import { waitFor } from '../support/waitFor';
import { SessionRig } from './sessionRig';

let rig: SessionRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

describe('architect sessions (end to end, private tmux server, fake agents)', () => {
  it('up creates the configured sessions with their agent, environment and hooks; a second up leaves them', async () => {
    rig = new SessionRig('up');
    rig.writeConfig([
      { name: 'c1', provider: 'claude', command: rig.fake('claude', 'c1'), role: 'manager', specialties: ['backend'] },
      { name: 'a1', provider: 'aider', command: rig.fake('aider', 'a1').join(' ') },
      { name: 'sh.1', provider: 'shell' },
    ]);
    const results = rig.up();
    expect(results.map((r) => [r.name, r.action, r.hooks])).toEqual([
      ['c1', 'started', true],
      ['a1', 'started', false],
      ['sh.1', 'started', false],
    ]);
    expect(rig.tmux.run('list-sessions', '-F', '#{session_name}').split('\n').filter(Boolean).sort()).toEqual(['a1', 'c1', 'sh_1']);
    const env = rig.tmux.run('show-environment', '-t', '=c1');
    expect(env).toContain('ARCHITECT_SESSION=c1\n');
    expect(env).toContain(`ARCHITECT_HOME=${rig.home}\n`);
    expect(env).toContain(`ARCHITECT_DB=${rig.dbPath}\n`);

    // Claude got --settings <home>/data/hooks/c1.settings.json; the user's settings were not touched.
    const start = await rig.waitForRecord('c1', 'claude start', (e) => e.event === 'start');
    const settingsFile = path.join(rig.home, 'data', 'hooks', 'c1.settings.json');
    expect(start.argv).toEqual(expect.arrayContaining(['--settings', settingsFile]));
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    expect(settings.hooks.Stop[0].hooks[0].command).toContain(`${path.join(REPO_ROOT, 'apps/cli/dist/main.js')}' hook`);
    expect(fs.existsSync(path.join(rig.home, 'data', 'hooks', 'a1.settings.json'))).toBe(false);

    // SessionStart reached Architect through the hook: c1 is idle by hook.
    await waitFor('c1 idle from SessionStart', () => rig!.listJson().find((s) => s.name === 'c1' && s.state === 'idle' && s.state_source === 'hook'));
    const c1 = rig.listJson().find((s) => s.name === 'c1')!;
    expect(c1).toMatchObject({ provider: 'claude', role: 'manager', specialties: ['backend'], managed: true, hook_state: 'idle', current_prompt_id: null });

    expect(rig.up().map((r) => r.action)).toEqual(['running', 'running', 'running']);
  });

  it('scan marks a killed session gone, lists an unmanaged one, and down kills only managed sessions', async () => {
    rig = new SessionRig('scan');
    rig.writeConfig([
      { name: 'w1', provider: 'claude', command: rig.fake('claude', 'w1'), hooks: false },
      { name: 'w2', provider: 'codex', command: rig.fake('codex', 'w2') },
    ]);
    rig.up();
    rig.tmux.newSession('mine', ['sleep', '600']);
    await waitFor('both idle on screen', () => {
      const r = rig!.cli(['sessions', 'scan', '--json']);
      const scan = JSON.parse(r.stdout) as { managed: { state: string }[] };
      return scan.managed.every((m) => m.state === 'idle');
    });

    rig.tmux.run('kill-session', '-t', '=w1');
    const r = rig.cli(['sessions', 'scan', '--json']);
    expect(r.code).toBe(0);
    const scan = JSON.parse(r.stdout);
    expect(scan.gone).toEqual(['w1']);
    expect(scan.managed).toEqual([
      { name: 'w1', provider: 'claude', tmux: 'missing', state: 'gone' },
      { name: 'w2', provider: 'codex', tmux: 'present', state: 'idle' },
    ]);
    expect(scan.unmanaged).toMatchObject([{ name: 'mine', command: 'sleep' }]);
    expect(rig.listJson().map((s) => [s.name, s.state])).toEqual([
      ['w1', 'gone'],
      ['w2', 'idle'],
    ]);

    // Removing w2 from the config unmanages it: kept in the list, never driven, never killed.
    rig.writeConfig([{ name: 'w1', provider: 'claude', command: rig.fake('claude', 'w1'), hooks: false }]);
    const down = rig.cli(['sessions', 'down', '--json']);
    expect(down.stderr).toBe('');
    expect(JSON.parse(down.stdout)).toEqual([{ name: 'w1', action: 'not-running' }]);
    expect(rig.tmux.hasSession('mine')).toBe(true);
    expect(rig.tmux.hasSession('w2')).toBe(true);
    expect(rig.listJson().find((s) => s.name === 'w2')).toMatchObject({ managed: false });
  });

  it('up gives a session its own git worktree when configured, and reports an agent that exits at once', async () => {
    rig = new SessionRig('wt');
    const repo = path.join(rig.home, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
    const wt1 = path.join(rig.home, 'wt', 'w1');
    rig.writeConfig([
      { name: 'w1', provider: 'shell', cwd: wt1, worktree: { repo } },
      { name: 'w2', provider: 'shell', cwd: path.join(rig.home, 'wt', 'w2'), worktree: { repo, branch: 'feature/x' } },
      { name: 'dead', provider: 'codex', command: ['/bin/sh', '-c', 'exit 3'] },
    ]);
    const r = rig.cli(['sessions', 'up', '--json']);
    expect(r.code).toBe(1); // one session failed
    const results = JSON.parse(r.stdout) as { name: string; action: string; worktree?: string; error?: string }[];
    expect(results.map((x) => [x.name, x.action, x.worktree])).toEqual([
      ['w1', 'started', 'created'],
      ['w2', 'started', 'created'],
      ['dead', 'failed', undefined],
    ]);
    expect(results[2]!.error).toMatch(/exited right after starting/);
    expect(git('worktree', 'list')).toContain(wt1);
    expect(git('branch', '--list').split('\n').map((b) => b.replace(/^[*+ ]+/, '').trim()).filter(Boolean).sort()).toEqual([
      'architect/w1',
      'feature/x',
      'main',
    ]);
    expect(rig.tmux.run('display-message', '-p', '-t', '=w1:', '#{pane_current_path}').trim()).toBe(wt1);
    expect(rig.listJson().find((s) => s.name === 'dead')).toMatchObject({ state: 'gone' });
    // Down then up again: the existing worktree is reused.
    rig.cli(['sessions', 'down']);
    expect(JSON.parse(rig.cli(['sessions', 'up', 'w1', '--json']).stdout)).toMatchObject([{ name: 'w1', action: 'started', worktree: 'existing' }]);
    expect(rig.cli(['sessions', 'down', 'nope']).code).toBe(2);
  });

  it('scan says clearly when the tmux server is not running (exit 1), and marks sessions gone', () => {
    rig = new SessionRig('noserver');
    rig.writeConfig([{ name: 'w1', provider: 'shell' }]);
    const r = rig.cli(['sessions', 'scan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tmux server is not running on socket "sess-noserver|tmux server is not running/);
    expect(rig.listJson()).toMatchObject([{ name: 'w1', state: 'gone' }]);
  });

  it('rejects a bad config with every problem listed', () => {
    rig = new SessionRig('badcfg');
    rig.writeConfig([
      { name: 'ok', provider: 'shell' },
      { name: 'bad name', provider: 'shell' },
      { name: 'x', provider: 'cursor' as never },
      { name: 'ok', provider: 'shell' },
      { name: 'a.b', provider: 'shell' },
      { name: 'a_b', provider: 'shell' },
      { name: 'nodir', provider: 'shell', cwd: path.join(rig.home, 'does-not-exist') },
    ]);
    const r = rig.cli(['sessions', 'up']);
    expect(r.code).toBe(1);
    for (const p of ['sessions.1.name', 'sessions.2.provider', 'sessions.3.name', 'sessions.5.name']) expect(r.stderr).toContain(p);
    expect(r.stderr).toContain('duplicate session name "ok"');
    expect(r.stderr).toContain("tmux turns '.' into '_'");
    expect(rig.tmux.hasSession('ok')).toBe(false);

    rig.writeConfig([{ name: 'nodir', provider: 'shell', cwd: path.join(rig.home, 'does-not-exist') }]);
    const r2 = rig.cli(['sessions', 'up']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('sessions.0.cwd');
    expect(r2.stderr).toContain('directory does not exist');
  });

  it('classify prints exactly the detector JSON, from a file or stdin; bad usage exits 2', () => {
    rig = new SessionRig('classify');
    const dir = path.join(REPO_ROOT, 'packages/tmux/fixtures/screens');
    for (const name of ['claude2-permission-bash', 'claude2-busy-empty-composer', 'aider-idle']) {
      const file = [path.join(dir, `${name}.txt`)].find((f) => fs.existsSync(f));
      if (!file) continue;
      const provider = name.startsWith('aider') ? 'aider' : 'claude';
      const screen = fs.readFileSync(file, 'utf8');
      const want = toJsonShape(classifyScreen(provider, screen));
      const fromFile = rig.cli(['sessions', 'classify', '--provider', provider, '--file', file, '--json']);
      expect(fromFile.code).toBe(0);
      expect(JSON.parse(fromFile.stdout)).toEqual(want);
      const fromStdin = rig.cli(['sessions', 'classify', '--provider', provider, '--json'], screen);
      expect(JSON.parse(fromStdin.stdout)).toEqual(want);
      const expected = JSON.parse(fs.readFileSync(path.join(dir, `${name}.expected.json`), 'utf8'));
      expect(want.state).toBe(expected.state);
    }
    expect(rig.cli(['sessions', 'classify', '--provider', 'cursor', '--json'], '').code).toBe(2);
    const missing = rig.cli(['sessions', 'classify', '--provider', 'claude', '--file', '/nope/x.txt', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});
