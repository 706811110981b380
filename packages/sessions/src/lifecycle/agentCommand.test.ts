import { describe, expect, it } from 'vitest';
import { agentArgv, splitCommand } from './agentCommand';

describe('splitCommand', () => {
  const argvCases: [string, string[]][] = [
    ['claude', ['claude']],
    ['node test/fake-agents/claude.mjs --layout 1', ['node', 'test/fake-agents/claude.mjs', '--layout', '1']],
    [`node '/path with space/a.mjs' "--model" opus`, ['node', '/path with space/a.mjs', '--model', 'opus']],
    [`echo "it's" 'a "b"' c\\ d`, ['echo', "it's", 'a "b"', 'c d']],
    ['  spaced   out  ', ['spaced', 'out']],
    [`x ""`, ['x', '']],
  ];
  for (const [input, argv] of argvCases) it(`splits ${input}`, () => expect(splitCommand(input)).toEqual({ argv }));

  const shellCases = ['cd x && claude', 'claude | tee log', 'FOO=1 claude', 'claude $HOME', 'claude "$HOME"', 'a; b', 'claude > out', 'ls *.ts', 'claude # note'];
  for (const input of shellCases) it(`leaves shell syntax to sh: ${input}`, () => expect(splitCommand(input)).toEqual({ shell: input }));

  it('rejects unterminated quotes and empty commands', () => {
    expect(() => splitCommand(`a 'b`)).toThrow(/unterminated/);
    expect(() => splitCommand('   ')).toThrow(/empty/);
  });
});

describe('agentArgv', () => {
  it('uses the provider default, the configured command, and appends --settings', () => {
    expect(agentArgv({ provider: 'claude' })).toEqual(['claude']);
    expect(agentArgv({ provider: 'claude' }, '/h/s.json')).toEqual(['claude', '--settings', '/h/s.json']);
    expect(agentArgv({ provider: 'codex' })).toEqual(['codex']);
    expect(agentArgv({ provider: 'shell' })).toBeUndefined();
    expect(agentArgv({ provider: 'claude', command: ['node', 'fake.mjs'] }, '/s')).toEqual(['node', 'fake.mjs', '--settings', '/s']);
    expect(agentArgv({ provider: 'claude', command: 'node fake.mjs' }, '/s')).toEqual(['node', 'fake.mjs', '--settings', '/s']);
    expect(agentArgv({ provider: 'claude', command: 'cd /x && claude' }, "/it's.json")).toEqual([
      '/bin/sh',
      '-c',
      `cd /x && claude '--settings' '/it'\\''s.json'`,
    ]);
  });
});
