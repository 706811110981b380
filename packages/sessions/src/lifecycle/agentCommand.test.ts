import { beforeAll, describe, expect, it } from 'vitest';
import { initPolicy } from '@architect/policy';
import { agentArgv, splitCommand } from './agentCommand';
import { AgentCommandError } from './agentFlags';

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
  beforeAll(() => initPolicy());
  const S = ['--settings', "/h/it's.json"];

  it('uses the provider default or the configured command, with the flags right after the agent', () => {
    expect(agentArgv({ provider: 'claude' })).toEqual(['claude']);
    expect(agentArgv({ provider: 'claude' }, S)).toEqual(['claude', ...S]);
    expect(agentArgv({ provider: 'codex' })).toEqual(['codex']);
    expect(agentArgv({ provider: 'shell' })).toBeUndefined();
    expect(agentArgv({ provider: 'claude', command: ['node', 'x/claude.mjs', '--a'] }, S)).toEqual(['node', 'x/claude.mjs', ...S, '--a']);
    expect(agentArgv({ provider: 'claude', command: 'claude --model opus' }, S)).toEqual(['claude', ...S, '--model', 'opus']);
    expect(agentArgv({ provider: 'claude', command: 'node --no-warnings fake.mjs', agentProgram: 'fake' }, S)).toEqual(['node', '--no-warnings', 'fake.mjs', ...S]);
    expect(agentArgv({ provider: 'claude', command: 'node fake.mjs' })).toEqual(['node', 'fake.mjs']);
    expect(agentArgv({ provider: 'claude', command: 'env X=1 /usr/bin/claude -c' }, S)).toEqual(['env', 'X=1', '/usr/bin/claude', ...S, '-c']);
    expect(agentArgv({ provider: 'claude', command: 'nice -n 5 claude' }, S)).toEqual(['nice', '-n', '5', 'claude', ...S]);
  });

  const q = `'--settings' '/h/it'\\''s.json'`;
  const shellCases: [string, string][] = [
    ['cd /x && claude', `cd /x && claude ${q}`],
    ['claude --model opus; exec bash', `claude ${q} --model opus; exec bash`],
    ['FOO="a b" claude', `FOO="a b" claude ${q}`],
    ['exec claude', `exec claude ${q}`],
    ['cd sub && exec node ../fake/claude.mjs --scenario x 2>log', `cd sub && exec node ../fake/claude.mjs ${q} --scenario x 2>log`],
    ['(cd sub && claude) || echo failed', `(cd sub && claude ${q}) || echo failed`],
  ];
  for (const [line, want] of shellCases) {
    it(`inserts into: ${line}`, () => expect(agentArgv({ name: 's', provider: 'claude', command: line }, S)).toEqual(['/bin/sh', '-c', want]));
  }

  const refused: [string, RegExp][] = [
    ['cd x && aider; exec bash', /no `claude` program in it/],
    ['claude; claude --resume', /started 2 times/],
    ["bash -c 'claude --model opus'", /only inside a quoted string/],
    ['echo $(claude -p hi); exec bash', /inside a \$\(…\) substitution/],
    ['f() { claude; }; f', /inside a function definition/],
    ['$AGENT; exec bash', /no `claude` program/],
    ['cd x && (claude', /does not parse/],
  ];
  for (const [line, why] of refused) {
    it(`refuses: ${line}`, () => {
      let err: unknown;
      try {
        agentArgv({ name: 'w1', provider: 'claude', command: line }, S);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AgentCommandError);
      expect((err as Error).message).toMatch(why);
      expect((err as Error).message).toMatch(/^session "w1": .*Write the command so that `claude` is started exactly once/);
    });
  }

  it('refuses an argv whose program is not the agent, but leaves it alone without flags', () => {
    expect(() => agentArgv({ name: 'w1', provider: 'claude', command: ['bash', '-c', 'claude'] }, S)).toThrow(AgentCommandError);
    expect(agentArgv({ name: 'w1', provider: 'claude', command: 'aider; exec bash' })).toEqual(['/bin/sh', '-c', 'aider; exec bash']);
  });
});
