import { describe, expect, it } from 'vitest';
import { parseEnv } from '@architect/core';
import { HOOK_SOCKET_TIMING, hookContext, parseHookSocketReply, parseHookSocketRequest } from './protocol';

const context = { home: '/h', dbPath: '/h/data/architect.db', configPath: '/h/architect.config.json', vaultKeyPath: '/h/data/vault.key', userHome: '/home/u' };
const request = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ v: 1, kind: 'PermissionRequest', sentAt: 1000, build: 'b1', context, session: 'w1', payload: { hook_event_name: 'PermissionRequest', tool_name: 'Bash' }, ...over });

describe('the hook socket protocol', () => {
  it('accepts a well-formed request and keeps only what it knows', () => {
    const r = parseHookSocketRequest(request({ extra: 1, context: { ...context, more: 'x' } }));
    expect(r).toEqual({ v: 1, kind: 'PermissionRequest', sentAt: 1000, build: 'b1', context, session: 'w1', payload: { hook_event_name: 'PermissionRequest', tool_name: 'Bash' } });
    expect(parseHookSocketRequest(request({ session: null }))).toMatchObject({ session: null });
  });

  it.each([
    ['not json', '{'],
    ['an array', '[1]'],
    ['another version', request({ v: 2 })],
    ['no version', request({ v: undefined })],
    ['another kind', request({ kind: 'Stop' })],
    ['no sentAt', request({ sentAt: 'now' })],
    ['no build', request({ build: undefined })],
    ['a session that is not a string', request({ session: 7 })],
    ['a long session', request({ session: 'x'.repeat(201) })],
    ['an incomplete context', request({ context: { ...context, dbPath: undefined } })],
    ['a payload that is not a PermissionRequest', request({ payload: { hook_event_name: 'Stop' } })],
    ['a payload that is not an object', request({ payload: 'rm -rf ~' })],
  ])('refuses a request with %s', (_what, line) => {
    expect(parseHookSocketRequest(line)).toHaveProperty('error');
  });

  it('reads only the exact reply shapes', () => {
    expect(parseHookSocketReply('{"v":1,"ok":true,"decision":{"behavior":"allow"},"warnings":[]}')).toEqual({ v: 1, ok: true, decision: { behavior: 'allow' }, warnings: [] });
    expect(parseHookSocketReply('{"v":1,"ok":true,"decision":{"behavior":"deny","message":"no"},"warnings":["w"]}')).toMatchObject({ decision: { behavior: 'deny', message: 'no' } });
    expect(parseHookSocketReply('{"v":1,"ok":true,"decision":null,"warnings":[]}')).toMatchObject({ ok: true, decision: null });
    expect(parseHookSocketReply('{"v":1,"ok":false,"refused":"late","reason":"r"}')).toEqual({ v: 1, ok: false, refused: 'late', reason: 'r' });
    for (const bad of [
      '',
      'allow',
      '{"ok":true,"decision":{"behavior":"allow"},"warnings":[]}',
      '{"v":2,"ok":true,"decision":{"behavior":"allow"},"warnings":[]}',
      '{"v":1,"ok":true,"decision":{"behavior":"allow"}}',
      '{"v":1,"ok":true,"decision":{"behavior":"ask"},"warnings":[]}',
      // Claude Code would apply updatedInput: the daemon never sends it, so nobody may.
      '{"v":1,"ok":true,"decision":{"behavior":"allow","updatedInput":{"command":"rm -rf ~"}},"warnings":[]}',
      '{"v":1,"ok":true,"decision":{"behavior":"deny"},"warnings":[]}',
      '{"v":1,"ok":"yes","decision":null,"warnings":[]}',
      '{"v":1,"ok":false,"refused":"late"}',
    ]) {
      expect(parseHookSocketReply(bad), bad).toBeUndefined();
    }
  });

  it('locates the database and config as parseEnv does', () => {
    for (const env of [{}, { ARCHITECT_HOME: '/h' }, { ARCHITECT_HOME: '/h', ARCHITECT_DB: 'x/y.db', ARCHITECT_CONFIG: 'c.json' }, { ARCHITECT_DB: '/abs/z.db' }]) {
      const p = parseEnv(env, '/repo');
      expect(hookContext(env, '/repo')).toMatchObject({ home: p.home, dbPath: p.dbPath, configPath: p.configPath });
    }
    expect(hookContext({ ARCHITECT_HOME: '/h' }, '/repo').vaultKeyPath).toBe('/h/data/vault.key');
    expect(hookContext({ ARCHITECT_HOME: '/h', ARCHITECT_VAULT_KEY: '/k' }, '/repo').vaultKeyPath).toBe('/k');
  });

  it('waits for a reply longer than a started request can take', () => {
    const t = HOOK_SOCKET_TIMING;
    // Two writes at most wait out the busy timeout; the rest is milliseconds of CPU.
    expect(t.startWindowMs + 2 * t.daemonBusyTimeoutMs).toBeLessThan(t.replyWaitMs - 100);
  });
});
