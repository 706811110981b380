/**
 * Issue 17: a session whose command is a shell line still gets its hooks. `sessions up` inserts
 * `--settings <file>` right after the agent program wherever the line starts it, and refuses a
 * line where that cannot be done unambiguously — in real tmux, with the fake Claude.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/waitFor';
import { SessionRig } from './sessionRig';

let rig: SessionRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const q = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

function hookEvents(dbPath: string, session: string): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT event AS e FROM hook_events WHERE session_name = ? ORDER BY id').all(session) as { e: string }[]).map((r) => r.e);
  } finally {
    db.close();
  }
}

describe('sessions up: Architect flags reach the agent inside a shell line (issue 17)', () => {
  it('starts `cd sub && claude`, `claude; exec bash` and `env X=1 claude` with hooks working; a shell stays after the second exits', async () => {
    rig = new SessionRig('line');
    const sub = path.join(rig.work, 'sub');
    fs.mkdirSync(sub);
    const fake = (s: string): string => rig!.fake('claude', s).map(q).join(' ');
    rig.writeConfig([
      { name: 'cd1', provider: 'claude', command: `cd sub && ${fake('cd1')}` },
      { name: 'keep1', provider: 'claude', command: `${fake('keep1')}; exec bash --norc` },
      { name: 'env1', provider: 'claude', command: `env X=1 ${fake('env1')}` },
    ]);
    const results = rig.up();
    expect(results.map((r) => [r.name, r.action, r.hooks])).toEqual([
      ['cd1', 'started', true],
      ['keep1', 'started', true],
      ['env1', 'started', true],
    ]);
    for (const name of ['cd1', 'keep1', 'env1']) {
      const settings = path.join(rig.home, 'data', 'hooks', `${name}.settings.json`);
      const start = await rig.waitForRecord(name, `${name} start`, (e) => e.event === 'start');
      // Right after the script: the fake's own flags follow, untouched.
      expect((start.argv as string[]).slice(0, 3)).toEqual(['--settings', settings, '--record']);
      await waitFor(`${name} SessionStart hook`, () => hookEvents(rig!.dbPath, name).includes('SessionStart'), { timeoutMs: 15_000 });
    }
    expect((await rig.waitForRecord('cd1', 'cd1 start', (e) => e.event === 'start')).cwd).toBe(fs.realpathSync(sub));

    // The agent exits (Ctrl-D twice on an empty composer): the line goes on to `exec bash`.
    rig.tmux.run('send-keys', '-t', '=keep1:', 'C-d');
    rig.tmux.run('send-keys', '-t', '=keep1:', 'C-d');
    await waitFor('a shell in keep1 after the agent exited', () => rig!.tmux.run('display-message', '-p', '-t', '=keep1:', '#{pane_current_command}').trim() === 'bash', { timeoutMs: 15_000 });
    expect(rig.tmux.run('list-sessions', '-F', '#{session_name}').split('\n')).toContain('keep1');
  });

  it('refuses a config where the agent cannot be found, naming the session and how to write it, and starts nothing', () => {
    rig = new SessionRig('refuse');
    const fake = rig.fake('claude', 'x').map(q).join(' ');
    rig.writeConfig([
      { name: 'fine', provider: 'claude', command: `${fake}; exec bash` },
      { name: 'wrapped', provider: 'claude', command: `bash -c ${q(fake)}` },
      { name: 'twice', provider: 'claude', command: `${fake} && ${fake}` },
    ]);
    const r = rig.cli(['sessions', 'up', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/session "wrapped": cannot add Architect's flags .*appears only inside a quoted string/);
    expect(r.stderr).toMatch(/session "twice": .*started 2 times/);
    expect(r.stderr).toContain('Write the command so that `claude` is started exactly once');
    expect(r.stderr).not.toContain('session "fine"');
    // Nothing started: not even the tmux server exists.
    expect(() => rig!.tmux.run('list-sessions')).toThrow(/no server running|error connecting/);
  });
});
