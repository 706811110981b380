import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KILL_SWITCH_KEY, loadPolicy, type HookContext } from '@architect/approvals';
import { autoConfirmSchema, ManualClock, sessionSchema, silentLogger, type AutoConfirmConfig } from '@architect/core';
import { hookEventsAfter, listApprovals, syncConfiguredSessions, writeFlag } from '@architect/db';
import { tempDb, type TempDb } from '@architect/db/testing';
import { initPolicy, type CompiledPolicy } from '@architect/policy';
import { fileStamp, hookRequestHandler, type HookRequestDeps } from './hookRequestHandler';

let db: TempDb;
let clock: ManualClock;
let context: HookContext;
beforeAll(() => initPolicy());
beforeEach(() => {
  db = tempDb();
  clock = new ManualClock(1_000_000);
  syncConfiguredSessions(db, [{ name: 'w1', provider: 'claude', role: 'worker', specialties: [], cwd: '/work/w1' }], 0);
  const configPath = path.join(db.dir, 'architect.config.json');
  fs.writeFileSync(configPath, '{}');
  context = { home: db.dir, dbPath: db.path, configPath, vaultKeyPath: path.join(db.dir, 'data', 'vault.key'), userHome: '/home/dev' };
});
afterEach(() => db.dispose());

function handler(over: Partial<HookRequestDeps> = {}, ac: Partial<AutoConfirmConfig> = {}) {
  const autoConfirm = autoConfirmSchema.parse({ allow: ['Bash(npm test)'], ...ac });
  const policy: CompiledPolicy = loadPolicy(autoConfirm, { allow: [], ask: [], deny: [] }, 'test');
  return hookRequestHandler({
    db,
    context,
    configStamp: fileStamp(context.configPath),
    autoConfirm,
    sessions: [sessionSchema.parse({ name: 'w1', provider: 'claude', cwd: '/work/w1' })],
    policy: () => policy,
    home: '/home/dev',
    protectedPaths: [db.path],
    panesDir: path.join(db.dir, 'panes'),
    holdsLease: () => true,
    clock,
    log: silentLogger(),
    ...over,
  });
}

const line = (command: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    v: 1,
    kind: 'PermissionRequest',
    sentAt: clock.now() - 5,
    build: 'dev',
    context,
    session: 'w1',
    payload: { session_id: 's', cwd: '/work/w1', hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command } },
    ...over,
  });

const interactions = () => listApprovals(db, { limit: 100 });

describe('a hook request at the daemon', () => {
  it('records the event and decides it exactly like the hook process, marked as decided by the daemon', async () => {
    const h = handler();
    expect(await h(line('npm test'))).toEqual({ v: 1, ok: true, decision: { behavior: 'allow' }, warnings: [] });
    expect(await h(line('rm -rf ~'))).toMatchObject({ ok: true, decision: { behavior: 'deny', message: expect.stringMatching(/Architect auto-confirm denied/) } });
    expect(await h(line('make deploy'))).toEqual({ v: 1, ok: true, decision: null, warnings: [] });
    expect(interactions().reverse()).toMatchObject([
      { outcome: 'approve', via: 'hook', command: 'npm test', details: { path: 'daemon' } },
      { outcome: 'deny', via: 'hook', command: 'rm -rf ~', details: { path: 'daemon' } },
      { outcome: 'escalate', via: 'hook', command: 'make deploy', details: { path: 'daemon' } },
    ]);
    // One hook event per request, as `architect hook` records it itself.
    expect(hookEventsAfter(db, 0).map((e) => e.event)).toEqual(['PermissionRequest', 'PermissionRequest', 'PermissionRequest']);
    expect(fs.readFileSync(path.join(db.dir, 'panes', 'signals', 'w1.hook'), 'utf8').trim()).toBe(String(hookEventsAfter(db, 0)[2]!.id));
  });

  it('honours the kill switch, the exclude list and the rate limit like the hook', async () => {
    writeFlag(db, KILL_SWITCH_KEY, true, clock.now());
    expect(await handler()(line('npm test'))).toMatchObject({ ok: true, decision: null });
    expect(interactions()[0]).toMatchObject({ outcome: 'escalate', rule: 'kill-switch:runtime' });
    writeFlag(db, KILL_SWITCH_KEY, false, clock.now());

    expect(await handler({}, { exclude: ['w1'] })(line('npm test'))).toMatchObject({ ok: true, decision: null });
    expect(interactions()).toHaveLength(1); // excluded: no decision, no record

    const limited = handler({}, { maxPerMinute: 2 });
    expect(await limited(line('npm test'))).toMatchObject({ decision: { behavior: 'allow' } });
    expect(await limited(line('npm test'))).toMatchObject({ decision: { behavior: 'allow' } });
    expect(await limited(line('npm test'))).toMatchObject({ ok: true, decision: null });
    expect(interactions()[0]).toMatchObject({ outcome: 'escalate', rule: 'rate-limit' });
  });

  it('leaves unmanaged sessions alone (the event is recorded, nothing decided)', async () => {
    expect(await handler()(line('npm test', { session: 'stranger' }))).toEqual({ v: 1, ok: true, decision: null, warnings: [] });
    expect(interactions()).toHaveLength(0);
    expect(hookEventsAfter(db, 0)).toMatchObject([{ sessionName: 'stranger', event: 'PermissionRequest' }]);
  });

  it('refuses, recording nothing, whenever its answer could differ from the hook’s own', async () => {
    const cases: [string, ReturnType<typeof handler>, string, string][] = [
      ['bad-request', handler(), '{"v":1}', 'malformed'],
      ['bad-request', handler(), line('npm test', { v: 2 }), 'another version'],
      ['late', handler(), line('npm test', { sentAt: clock.now() - 400 }), 'sent before the start window'],
      ['build-mismatch', handler(), line('npm test', { build: 'f00d' }), 'a hook built from other code'],
      ['context-mismatch', handler(), line('npm test', { context: { ...context, dbPath: '/other.db' } }), 'another database'],
      ['context-mismatch', handler(), line('npm test', { context: { ...context, userHome: '/root' } }), 'another HOME'],
      ['not-holder', handler({ holdsLease: () => false }), line('npm test'), 'a standby'],
      ['policy-unreadable', handler({ policy: () => undefined }), line('npm test'), 'dashboard rules that do not compile'],
      ['config-changed', handler({ configStamp: 'stale' }), line('npm test'), 'an edited config file'],
    ];
    for (const [refused, h, l, why] of cases) {
      expect(await h(l), why).toMatchObject({ ok: false, refused });
    }
    expect(interactions()).toHaveLength(0);
    expect(hookEventsAfter(db, 0)).toHaveLength(0);
  });
});
