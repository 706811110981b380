import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile';
import { decide } from './decide';
import { PolicyNotReadyError } from './errors';
import { initPolicy, policyReady } from './index';

// Its own file: vitest gives every test file fresh modules, so the parser is not loaded here yet.
describe('before initPolicy()', () => {
  const policy = compilePolicy({ allow: ['Bash', 'Read'], ask: [], deny: [] });
  const ctx = { cwd: '/w', home: '/h' };

  it('refuses bash requests loudly instead of guessing', () => {
    expect(policyReady()).toBe(false);
    expect(() => decide(policy, { tool: 'bash', command: 'ls' }, ctx)).toThrow(PolicyNotReadyError);
  });

  it('decides other tools without the parser', () => {
    expect(decide(policy, { tool: 'read', path: 'a.ts' }, ctx).outcome).toBe('approve');
  });

  it('loads once, concurrently and idempotently, and then decides synchronously', async () => {
    await Promise.all([initPolicy(), initPolicy()]);
    await initPolicy();
    expect(policyReady()).toBe(true);
    expect(decide(policy, { tool: 'bash', command: 'ls' }, ctx).outcome).toBe('approve');
  });
});
