import { ArchitectError } from '@architect/core';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile';
import { PolicyRuleError } from './errors';
import { pathRuleMatches } from './pathGlob';
import { parseRule } from './ruleSyntax';

function bashMatches(rule: string, command: string): boolean {
  const r = parseRule(rule);
  if (r.kind === 'tool') return r.tool === 'Bash';
  if (r.kind !== 'bash') throw new Error(`${rule} is not a Bash rule`);
  return r.matches(command);
}

describe('parseRule', () => {
  it.each([
    ['Bash', { kind: 'tool', tool: 'Bash' }],
    ['Bash(*)', { kind: 'tool', tool: 'Bash' }],
    ['Read', { kind: 'tool', tool: 'Read' }],
    ['WebSearch', { kind: 'tool', tool: 'WebSearch' }],
    ['Read(./src/**)', { kind: 'path', tool: 'Read', pattern: './src/**' }],
    ['Edit(/abs/path/**)', { kind: 'path', tool: 'Edit', pattern: '/abs/path/**' }],
    ['WebFetch(domain:Example.com)', { kind: 'domain', domain: 'example.com' }],
    ['mcp__github', { kind: 'mcp', server: 'github', tool: null }],
    ['mcp__github__*', { kind: 'mcp', server: 'github', tool: null }],
    ['mcp__github__create_issue', { kind: 'mcp', server: 'github', tool: 'create_issue' }],
    ['  Bash(npm test *)  ', { kind: 'bash', pattern: 'npm test *' }],
  ])('%s', (text, expected) => {
    expect(parseRule(text)).toMatchObject(expected);
  });

  it.each([
    ['', 'empty rule'],
    ['Bash(', 'missing closing parenthesis'],
    ['Bash()', 'empty specifier'],
    ['Bash(npm test) extra', 'missing closing parenthesis'],
    ['Bash(npm test && rm x)', 'compound commands are split'],
    ['Bash(npm run test:* --x)', '":*" may only end a Bash rule'],
    ['Raed', 'unknown tool "Raed"'],
    ['bash(ls)', 'did you mean "Bash"'],
    ['WebFetch(example.com)', 'domain:'],
    ['WebFetch(domain:not a host)', 'not a host name'],
    ['mcp__github(create)', 'no parentheses'],
    ['Task(reviewer)', 'takes no specifier'],
    ['Read(../secrets/**)', '".." is not allowed'],
    ['Bash(echo (a)', 'unbalanced parentheses'],
  ])('rejects %j', (text, reason) => {
    expect(() => parseRule(text)).toThrow(PolicyRuleError);
    try {
      parseRule(text);
    } catch (err) {
      expect((err as PolicyRuleError).rule).toBe(text);
      expect((err as PolicyRuleError).reason).toContain(reason);
    }
  });
});

describe('Bash rule patterns', () => {
  it.each([
    ['Bash(npm run build)', 'npm run build', true],
    ['Bash(npm run build)', 'npm run build --watch', false],
    ['Bash(ls *)', 'ls', true],
    ['Bash(ls *)', 'ls -la', true],
    ['Bash(ls *)', 'lsof', false],
    ['Bash(ls*)', 'lsof', true],
    ['Bash(npm test:*)', 'npm test', true],
    ['Bash(npm test:*)', 'npm test -- --run', true],
    ['Bash(npm test:*)', 'npm testing', false],
    ['Bash(npm run test *)', 'npm run test:unit', false],
    ['Bash(git * main)', 'git checkout main', true],
    ['Bash(git * main)', 'git checkout dev', false],
    ['Bash(* --version)', 'node --version', true],
    ['Bash(echo \\*)', 'echo *', true],
    ['Bash(echo \\*)', 'echo x', false],
    ['Bash(npm   test  *)', 'npm test x', true],
  ])('%s vs %j → %s', (rule, command, expected) => {
    expect(bashMatches(rule, command)).toBe(expected);
  });
});

describe('path rule patterns (gitignore style)', () => {
  const cwd = '/home/dev/proj';
  const home = '/home/dev';
  it.each([
    ['./src/**', '/home/dev/proj/src/a/b.ts', true],
    ['./src/**', '/home/dev/proj/lib/a.ts', false],
    ['src/**', '/home/dev/proj/src/a.ts', true],
    ['src', '/home/dev/proj/src/deep/a.ts', true],
    ['docs/', '/home/dev/proj/docs/x.md', true],
    ['*.env', '/home/dev/proj/config/prod.env', true],
    ['*.env', '/elsewhere/prod.env', false],
    ['*.ts', '/home/dev/proj/src/a.ts', true],
    ['src/*.ts', '/home/dev/proj/src/deep/a.ts', false],
    ['src/**/*.ts', '/home/dev/proj/src/deep/a.ts', true],
    ['src/**/*.ts', '/home/dev/proj/src/a.ts', true],
    ['src/**', '/home/dev/proj/src', true],
    ['src/**', '/home/dev/proj/srcx/a.ts', false],
    ['//etc/hosts', '/etc/hosts', true],
    ['/abs/path/**', '/abs/path/x/y', true],
    ['/abs/path/**', '/home/dev/proj/abs/path/x', false],
    ['~/Documents/*.pdf', '/home/dev/Documents/a.pdf', true],
    ['~/Documents/*.pdf', '/home/dev/proj/Documents/a.pdf', false],
    ['src/[ab].ts', '/home/dev/proj/src/b.ts', true],
    ['src/?.ts', '/home/dev/proj/src/ab.ts', false],
  ])('%s vs %s → %s', (pattern, path, expected) => {
    expect(pathRuleMatches(pattern, path, cwd, home)).toBe(expected);
  });
});

describe('compilePolicy', () => {
  it('reports every bad rule at once, with the list and index it came from', () => {
    let caught: unknown;
    try {
      compilePolicy({
        allow: ['Read', 'Raed', 'Bash(npm test *)', 'Bash()'],
        ask: ['WebFetch(example.com)'],
        deny: ['mcp__x(y)', 'Bash(rm *)'],
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PolicyRuleError);
    expect(caught).toBeInstanceOf(ArchitectError);
    const err = caught as PolicyRuleError;
    expect(err.code).toBe('POLICY_RULE_INVALID');
    expect(err.problems.map((p) => [p.list, p.index, p.rule])).toEqual([
      ['deny', 0, 'mcp__x(y)'],
      ['ask', 0, 'WebFetch(example.com)'],
      ['allow', 1, 'Raed'],
      ['allow', 3, 'Bash()'],
    ]);
    expect(err.rule).toBe('mcp__x(y)');
    expect(err.message).toContain('Raed');
    expect(err.message).toContain('Bash()');
  });

  it('compiles a valid config', () => {
    const p = compilePolicy({ allow: ['Read', 'Bash(npm test *)'], ask: ['Bash(git push *)'], deny: [] });
    expect(p.allow).toHaveLength(2);
    expect(p.ask[0]?.text).toBe('Bash(git push *)');
  });
});
