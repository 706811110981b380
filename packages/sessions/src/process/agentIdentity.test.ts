import { describe, expect, it } from 'vitest';
import { agentIdentity, programOf } from './agentIdentity';

describe('programOf', () => {
  it('looks through wrappers, assignments and sh -c', () => {
    expect(programOf(['claude', '--model', 'opus'])).toEqual({ name: 'claude' });
    expect(programOf(['env', 'FOO=1', '/usr/bin/node', '--no-warnings', 'test/fake-agents/claude.mjs', '--x'])).toEqual({ name: 'node', script: 'claude.mjs' });
    expect(programOf(['/bin/sh', '-c', 'node /abs/fake-agents/claude.mjs --script s.json; exec bash'])).toEqual({ name: 'node', script: 'claude.mjs' });
    expect(programOf(['python3', '-m', 'aider', '--yes'])).toEqual({ name: 'python3', script: 'aider' });
    expect(programOf(['bash'])).toEqual({ name: 'bash' });
  });
});

describe('agentIdentity', () => {
  const claude = agentIdentity({ provider: 'claude', command: undefined })!;
  it('recognises Claude Code however it runs', () => {
    expect(claude.matches(['claude'])).toBe(true);
    expect(claude.matches(['/home/me/.local/bin/claude', '--settings', 'x.json'])).toBe(true);
    expect(claude.matches(['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js'])).toBe(true);
    // A native build that renamed itself (the kernel's name), whatever its argv says.
    expect(claude.matches(['/home/me/.local/share/claude/versions/2.1.201'], 'claude')).toBe(true);
    expect(claude.matches(['/home/me/.local/share/claude/versions/2.1.201'], '2.1.201')).toBe(false);
  });
  it('never takes a shell, an editor or another program for the agent', () => {
    for (const argv of [['bash'], ['-bash'], ['/usr/bin/zsh', '-l'], ['fish'], ['sh', '-c', 'claude'], ['dash'], ['vim', 'claude.md'], ['node', 'server.js', 'claude'], []]) {
      expect(claude.matches(argv), argv.join(' ')).toBe(false);
    }
  });
  it('knows a configured command: the interpreter and its script', () => {
    const fake = agentIdentity({ provider: 'claude', command: 'node /abs/test/fake-agents/fakeagent.mjs --script s.json; exec bash' })!;
    expect(fake.matches(['node', '/abs/test/fake-agents/fakeagent.mjs', '--script', 's.json'])).toBe(true);
    expect(fake.matches(['node', 'other.mjs'])).toBe(false);
    expect(fake.matches(['bash'])).toBe(false);
    expect(fake.describe).toContain('node running fakeagent.mjs');
    const wrapped = agentIdentity({ provider: 'codex', command: ['my-codex-wrapper', '--fast'] })!;
    expect(wrapped.matches(['/opt/bin/my-codex-wrapper', '--fast'])).toBe(true);
    expect(wrapped.matches(['codex'])).toBe(true);
  });
  it('aider runs as python; gemini as node', () => {
    const aider = agentIdentity({ provider: 'aider', command: undefined })!;
    expect(aider.matches(['/usr/bin/python3', '/usr/local/bin/aider', '--yes'])).toBe(true);
    expect(aider.matches(['python3.12', '-m', 'aider'])).toBe(true);
    expect(aider.matches(['python3', 'manage.py'])).toBe(false);
    const gemini = agentIdentity({ provider: 'gemini', command: undefined })!;
    expect(gemini.matches(['node', '/usr/local/bin/gemini'])).toBe(true);
  });
  it('a shell session has no agent', () => {
    expect(agentIdentity({ provider: 'shell', command: undefined })).toBeUndefined();
  });
});

describe('agentIdentity with agentProgram', () => {
  it('recognises the declared program, or an interpreter running a script of that name, and never a shell', () => {
    const id = agentIdentity({ provider: 'claude', command: 'cd app && my-agent --x; exec bash', agentProgram: 'my-agent' })!;
    expect(id.matches(['/opt/bin/my-agent', '--x'])).toBe(true);
    expect(id.matches(['node', '/opt/my-agent.mjs'])).toBe(true);
    expect(id.matches(['bash'])).toBe(false);
    expect(id.matches(['node', '/opt/other.mjs'])).toBe(false);
  });
});
