import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEnv } from '@architect/core';
import { getSession, hookEventsAfter, syncConfiguredSessions } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { boundPayload } from './boundPayload';
import { handleHookEvent, type HookDeps } from './handleHookEvent';
import { hookPaths, runHook } from './runHook';

let db: TempDb;
let warnings: string[];
let deps: HookDeps;
beforeEach(() => {
  db = tempDb();
  warnings = [];
  syncConfiguredSessions(db, [{ name: 'w1', provider: 'claude', role: 'worker', specialties: [], cwd: '/repo/w1' }], 0);
  deps = { db, now: () => 1000, envSession: 'w1', panesDir: path.join(db.dir, 'panes'), warn: (m) => warnings.push(m) };
});
afterEach(() => db.dispose());

const ev = (event: string, extra: Record<string, unknown> = {}) => ({
  session_id: 'sid-1',
  transcript_path: '/home/u/.claude/projects/x/sid-1.jsonl',
  cwd: '/repo/w1',
  hook_event_name: event,
  ...extra,
});

describe('handleHookEvent', () => {
  it('records the event and the hook state, and pokes the watcher', async () => {
    const out = await handleHookEvent(deps, ev('UserPromptSubmit', { prompt: 'fix it' }));
    expect(out).toMatchObject({ recorded: true, session: 'w1' });
    expect(out.stdout).toBeUndefined();
    expect(getSession(db, 'w1')).toMatchObject({ state: 'busy', stateSource: 'hook', hookSessionId: 'sid-1' });
    expect(hookEventsAfter(db, 0)).toMatchObject([{ sessionName: 'w1', event: 'UserPromptSubmit', payload: { prompt: 'fix it' } }]);
    expect(fs.readFileSync(path.join(deps.panesDir, 'signals', 'w1.hook'), 'utf8').trim()).toBe(String(out.hookEventId));
  });

  it('finds the session by Claude session id, then by cwd, when ARCHITECT_SESSION is missing', async () => {
    await handleHookEvent(deps, ev('SessionStart', { source: 'startup' }));
    const bySid = await handleHookEvent({ ...deps, envSession: undefined }, ev('Stop', { cwd: '/elsewhere' }));
    expect(bySid.session).toBe('w1');
    const byCwd = await handleHookEvent({ ...deps, envSession: undefined }, ev('Stop', { session_id: 'other' }));
    expect(byCwd.session).toBe('w1');
    const none = await handleHookEvent({ ...deps, envSession: undefined }, ev('Stop', { session_id: 'x', cwd: '/nowhere' }));
    expect(none).toMatchObject({ recorded: true });
    expect(none.session).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/no Architect session for Stop/);
  });

  it('ignores malformed and unknown events without recording', async () => {
    for (const bad of [null, 42, 'text', [], {}, { hook_event_name: 'Bogus' }, { hook_event_name: 7 }]) {
      expect(await handleHookEvent(deps, bad)).toMatchObject({ recorded: false });
    }
    expect(hookEventsAfter(db, 0)).toEqual([]);
    expect(getSession(db, 'w1')!.state).toBe('unknown');
    expect(warnings).toHaveLength(7);
  });

  it('ignores an invalid ARCHITECT_SESSION', async () => {
    const out = await handleHookEvent({ ...deps, envSession: 'w1; rm -rf /' }, ev('Stop', { session_id: 'nope', cwd: '/x' }));
    expect(out.session).toBeUndefined();
    expect(warnings[0]).toMatch(/invalid ARCHITECT_SESSION/);
  });

  it('answers a PermissionRequest through the decider extension point (and stays busy)', async () => {
    const allow = await handleHookEvent(
      { ...deps, decidePermission: (e) => (e.payload.tool_name === 'Read' ? { behavior: 'allow' } : undefined) },
      ev('PermissionRequest', { tool_name: 'Read', tool_input: { file_path: '/repo/w1/a.ts' } }),
    );
    expect(JSON.parse(allow.stdout!)).toEqual({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } });
    expect(getSession(db, 'w1')!.state).toBe('busy');

    const undecided = await handleHookEvent(
      { ...deps, decidePermission: () => undefined },
      ev('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'rm -rf /' } }),
    );
    expect(undecided.stdout).toBeUndefined();
    expect(getSession(db, 'w1')).toMatchObject({ state: 'waiting_input', permission: { tool_name: 'Bash', tool_input: { command: 'rm -rf /' } } });

    const broken = await handleHookEvent(
      { ...deps, decidePermission: () => { throw new Error('policy crashed'); } },
      ev('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'ls' } }),
    );
    expect(broken.stdout).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/leaving the dialog to a human/);
  });
});

describe('boundPayload', () => {
  it('keeps the useful fields generous and cuts the rest', () => {
    const big = 'x'.repeat(200_000);
    const b = boundPayload({
      last_assistant_message: big,
      custom: big,
      tool_input: { content: big, file_path: '/a' },
      deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } },
      list: Array.from({ length: 500 }, (_, i) => i),
    });
    expect((b.last_assistant_message as string).length).toBeLessThan(70_000);
    expect((b.last_assistant_message as string).length).toBeGreaterThan(60_000);
    expect((b.custom as string).length).toBeLessThan(3000);
    expect(JSON.stringify(b.tool_input).length).toBeLessThan(40_000);
    expect((b.tool_input as Record<string, unknown>).file_path).toBe('/a');
    expect(JSON.stringify(b.deep)).toContain('[too deep]');
    expect((b.list as unknown[]).length).toBe(101);
    expect(JSON.stringify(b).length).toBeLessThan(150_000);
  });
});

describe('runHook', () => {
  function io(input: string | undefined) {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d) => (out += d));
    stderr.on('data', (d) => (err += d));
    if (input !== undefined) stdin.end(input);
    return { stdin, stdout, stderr, out: () => out, err: () => err };
  }

  it('resolves the database like parseEnv does', () => {
    for (const env of [{}, { ARCHITECT_HOME: '/h' }, { ARCHITECT_HOME: '/h', ARCHITECT_DB: 'x/y.db' }, { ARCHITECT_DB: '/abs/z.db' }]) {
      const p = parseEnv(env, '/repo');
      expect(hookPaths(env, '/repo')).toEqual({ home: p.home, dbPath: p.dbPath });
    }
  });

  it('records a valid event and prints nothing', async () => {
    const s = io(JSON.stringify(ev('Stop', { last_assistant_message: 'done' })));
    const env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path, ARCHITECT_SESSION: 'w1' };
    expect(await runHook({ env, defaultHome: '/nope', ...s, onTimeout: () => {} })).toBe(0);
    expect(s.out()).toBe('');
    expect(getSession(db, 'w1')).toMatchObject({ state: 'idle', lastOutput: 'done' });
  });

  it('returns 0 for bad JSON, oversize input and a missing database, recording nothing', async () => {
    const env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path, ARCHITECT_SESSION: 'w1' };
    for (const input of ['{not json', '', 'x'.repeat(2 * 1024 * 1024)]) {
      const s = io(input);
      expect(await runHook({ env, defaultHome: '/nope', ...s, onTimeout: () => {} })).toBe(0);
      expect(s.out()).toBe('');
      expect(s.err()).toMatch(/architect hook: /);
    }
    const s = io(JSON.stringify(ev('Stop')));
    expect(await runHook({ env: { ARCHITECT_DB: path.join(db.dir, 'missing.db') }, defaultHome: db.dir, ...s, onTimeout: () => {} })).toBe(0);
    expect(s.err()).toMatch(/no database/);
    expect(fs.existsSync(path.join(db.dir, 'missing.db'))).toBe(false);
    expect(hookEventsAfter(db, 0)).toEqual([]);
  });

  it('hands a PermissionRequest to the delegate first: answered there, nothing is recorded here', async () => {
    const env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path, ARCHITECT_SESSION: 'w1' };
    const asked: unknown[] = [];
    const s = io(JSON.stringify(ev('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'npm test' } })));
    await runHook({
      env,
      defaultHome: '/nope',
      ...s,
      onTimeout: () => {},
      delegatePermission: async (payload, session) => {
        asked.push([payload.tool_name, session]);
        return { handled: true, decision: { behavior: 'allow' }, warnings: ['from the daemon'] };
      },
      decidePermission: () => {
        throw new Error('must not be asked');
      },
    });
    expect(asked).toEqual([['Bash', 'w1']]);
    expect(JSON.parse(s.out())).toEqual({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } });
    expect(s.err()).toMatch(/from the daemon/);
    expect(hookEventsAfter(db, 0)).toEqual([]);
  });

  it('records and decides locally when the delegate did not handle it (or threw), and never delegates other events', async () => {
    const env = { ARCHITECT_HOME: db.dir, ARCHITECT_DB: db.path, ARCHITECT_SESSION: 'w1' };
    const delegates = [
      async () => ({ handled: false as const, reason: 'no auto-confirm daemon socket', quiet: true }),
      async () => ({ handled: false as const, reason: 'malformed reply from the daemon', quiet: false }),
      async () => {
        throw new Error('boom');
      },
    ];
    for (const delegatePermission of delegates) {
      const s = io(JSON.stringify(ev('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'npm test' } })));
      await runHook({ env, defaultHome: '/nope', ...s, onTimeout: () => {}, delegatePermission, decidePermission: () => ({ behavior: 'deny', message: 'local' }) });
      expect(JSON.parse(s.out())).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny', message: 'local' } } });
    }
    expect(hookEventsAfter(db, 0)).toHaveLength(3);
    const s = io(JSON.stringify(ev('Stop')));
    await runHook({ env, defaultHome: '/nope', ...s, onTimeout: () => {}, delegatePermission: () => Promise.reject(new Error('must not be asked')) });
    expect(s.err()).toBe('');
    expect(hookEventsAfter(db, 0)).toHaveLength(4);
  });

  it('gives up when stdin never closes', async () => {
    const s = io(undefined);
    let timedOut = false;
    const done = runHook({ env: {}, defaultHome: db.dir, ...s, onTimeout: () => { timedOut = true; s.stdin.end(); }, budgetMs: 50 });
    expect(await done).toBe(0);
    expect(timedOut).toBe(true);
    expect(s.err()).toMatch(/time budget/);
  });
});
