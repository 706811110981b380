import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, getSession, hookEventsAfter } from '../../packages/db/src/index';
import { CLI } from '../support/cli';
import { SessionRig } from './sessionRig';

let rig: SessionRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

/** Run `architect hook` as Claude Code does: JSON on stdin, then wait for it (no kill on our side). */
function hook(env: Record<string, string>, input: string | Buffer | null): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, 'hook'], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      clearTimeout(keepOpen);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    // null: never close stdin (a wedged writer); the hook must still give up by itself.
    const keepOpen = setTimeout(() => child.stdin.end(), 20_000);
    if (input !== null) {
      clearTimeout(keepOpen);
      child.stdin.end(input);
    }
  });
}

describe('architect hook', () => {
  it('records a valid event for the session named in ARCHITECT_SESSION and prints nothing', async () => {
    rig = new SessionRig('hookok');
    rig.writeConfig([{ name: 'w1', provider: 'claude' }]);
    rig.listJson(); // syncs the config into the database
    const env = { ...rig.env, ARCHITECT_SESSION: 'w1' };
    const r = await hook(env, JSON.stringify({ session_id: 's1', transcript_path: '/t', cwd: rig.work, hook_event_name: 'Stop', last_assistant_message: 'Done.' }));
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const db = createDb({ path: rig.dbPath });
    try {
      expect(getSession(db, 'w1')).toMatchObject({ state: 'idle', stateSource: 'hook', lastOutput: 'Done.', hookSessionId: 's1' });
      expect(hookEventsAfter(db, 0)).toMatchObject([{ sessionName: 'w1', event: 'Stop' }]);
    } finally {
      db.close();
    }
  });

  it('exits 0 quickly on malformed input, prints nothing on stdout and records nothing', async () => {
    rig = new SessionRig('hookbad');
    rig.writeConfig([{ name: 'w1', provider: 'claude' }]);
    rig.listJson();
    const env = { ...rig.env, ARCHITECT_SESSION: 'w1' };
    const inputs: (string | Buffer)[] = [
      '',
      '{"hook_event_name": "Stop"', // truncated JSON
      'not json at all',
      '[1,2,3]',
      '"a string"',
      JSON.stringify({ hook_event_name: 'NoSuchEvent', session_id: 's' }),
      JSON.stringify({ session_id: 's', cwd: '/x' }), // no event name
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
      'x'.repeat(3 * 1024 * 1024), // larger than the stdin bound
    ];
    // One at a time: nine hook processes started together on two cores measure the scheduler,
    // not the hook. Each must finish well inside its 2 s budget's bound.
    const results = [];
    for (const input of inputs) results.push(await hook(env, input));
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^architect hook: /);
      expect(r.ms).toBeLessThan(2500);
    }
    // Unknown session: recorded for audit (no session), no session touched.
    const stray = await hook({ ...rig.env, ARCHITECT_SESSION: '' }, JSON.stringify({ hook_event_name: 'Stop', session_id: 'zz', cwd: '/nowhere' }));
    expect(stray.code).toBe(0);
    const db = createDb({ path: rig.dbPath });
    try {
      expect(hookEventsAfter(db, 0)).toMatchObject([{ sessionName: null, event: 'Stop' }]);
      expect(getSession(db, 'w1')).toMatchObject({ state: 'unknown', hookState: null });
    } finally {
      db.close();
    }
  });

  it('gives up within its time budget when stdin never closes, still exiting 0', async () => {
    rig = new SessionRig('hookhang');
    const r = await hook({ ...rig.env, ARCHITECT_SESSION: 'w1' }, null);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/time budget/);
    expect(r.ms).toBeGreaterThanOrEqual(1900);
    expect(r.ms).toBeLessThan(5000);
  });

  it('never creates a database when Architect is not set up there', async () => {
    rig = new SessionRig('hooknodb');
    const env = { ...rig.env, ARCHITECT_DB: `${rig.home}/nothing/here.db` };
    const r = await hook(env, JSON.stringify({ hook_event_name: 'Stop', session_id: 's' }));
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/no database/);
  });
});
