import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from './compile';
import { decide } from './decide';
import { describeRequest } from './describe';
import { initPolicy } from './index';
import { CTX, typicalPolicy } from './testPolicy';
import type { PermissionRequest, PolicyConfig } from './types';

const policyOf = (cfg: Partial<PolicyConfig>) => compilePolicy({ allow: [], ask: [], deny: [], ...cfg });
const run = (cfg: Partial<PolicyConfig>, req: PermissionRequest) => decide(policyOf(cfg), req, CTX);

beforeAll(() => initPolicy());

describe('file tools', () => {
  const typical = typicalPolicy();
  it.each<[PermissionRequest, string, string]>([
    [{ tool: 'read', toolName: 'Read', path: '/home/dev/proj/src/a.ts' }, 'approve', 'allow:Read'],
    [{ tool: 'read', path: 'src/a.ts' }, 'approve', 'allow:Read'],
    [{ tool: 'read', path: '/etc/hosts' }, 'approve', 'allow:Read'],
    [{ tool: 'read', path: '~/.ssh/id_ed25519' }, 'deny', 'builtin:secret-read'],
    [{ tool: 'read', path: '.env' }, 'deny', 'builtin:secret-read'],
    [{ tool: 'read', path: '/home/dev/.aws/credentials' }, 'deny', 'builtin:secret-read'],
    [{ tool: 'read', path: '/home/dev/architect/data/architect.db' }, 'deny', 'builtin:secret-read'],
    [{ tool: 'read', path: '`pwd`/.ssh/id_rsa' }, 'escalate', 'builtin:path-unresolved'],
    [{ tool: 'read', path: '~root/.bashrc' }, 'escalate', 'builtin:path-unresolved'],
    [{ tool: 'edit', toolName: 'Edit', path: 'src/a.ts' }, 'approve', 'allow:Edit'],
    [{ tool: 'edit', path: '/home/dev/proj/src/../README.md' }, 'approve', 'allow:Edit'],
    [{ tool: 'edit', path: '../other/a.ts' }, 'deny', 'builtin:write-outside-cwd'],
    [{ tool: 'edit', path: '~/.bashrc' }, 'deny', 'builtin:write-outside-cwd'],
    [{ tool: 'edit', path: '/home/dev/proj' }, 'deny', 'builtin:write-outside-cwd'],
    [{ tool: 'edit', path: '.env' }, 'deny', 'builtin:secret-read'],
    [{ tool: 'write', toolName: 'Write', path: 'src/new.ts' }, 'approve', 'allow:Edit'],
    [{ tool: 'write', path: '/tmp/x' }, 'deny', 'builtin:write-outside-cwd'],
    [{ tool: 'write', path: '.env.local' }, 'escalate', 'builtin:write-secret'],
    [{ tool: 'write', path: '.git/hooks/pre-commit' }, 'escalate', 'builtin:write-sensitive'],
    [{ tool: 'edit', path: '.claude/settings.local.json' }, 'escalate', 'builtin:write-sensitive'],
    [{ tool: 'edit' }, 'escalate', 'builtin:path-unresolved'],
  ])('%j → %s', (req, outcome, rule) => {
    const d = decide(typical, req, CTX);
    expect({ outcome: d.outcome, rule: d.rule }, d.reason).toEqual({ outcome, rule });
  });

  it('path rules scope a tool to part of the tree', () => {
    const cfg = { allow: ['Read(./src/**)', 'Edit(/home/dev/proj/docs/**)'] };
    expect(run(cfg, { tool: 'read', path: 'src/deep/a.ts' }).outcome).toBe('approve');
    expect(run(cfg, { tool: 'read', path: 'package.json' })).toMatchObject({ outcome: 'escalate', rule: 'default:no-match' });
    expect(run(cfg, { tool: 'edit', path: 'docs/a.md' }).rule).toBe('allow:Edit(/home/dev/proj/docs/**)');
    expect(run(cfg, { tool: 'edit', path: 'src/a.ts' }).outcome).toBe('escalate');
  });

  it('Edit rules also cover the Write tool, as in Claude Code', () => {
    expect(run({ allow: ['Edit(src/**)'] }, { tool: 'write', toolName: 'Write', path: 'src/new.ts' }).outcome).toBe('approve');
    expect(run({ allow: ['Write'] }, { tool: 'edit', toolName: 'Edit', path: 'src/a.ts' }).outcome).toBe('escalate');
  });

  it('Read rules apply to Grep/Glob requests, and a bare tool-name rule matches that tool', () => {
    expect(run({ allow: ['Read(src/**)'] }, { tool: 'read', toolName: 'Grep', path: 'src' }).outcome).toBe('approve');
    expect(run({ allow: ['Grep'] }, { tool: 'read', toolName: 'Grep', path: 'lib' }).outcome).toBe('approve');
  });
});

describe('WebFetch', () => {
  const cfg = { allow: ['WebFetch(domain:example.com)', 'WebFetch(domain:*.docs.dev)'] };
  it.each([
    ['https://example.com/a?b=c', 'approve'],
    ['https://EXAMPLE.com/', 'approve'],
    ['https://api.example.com/', 'escalate'],
    ['https://example.com.evil.io/', 'escalate'],
    ['https://node.docs.dev/x', 'approve'],
    ['file:///etc/passwd', 'escalate'],
    ['not a url', 'escalate'],
  ])('%s → %s', (url, outcome) => {
    expect(run(cfg, { tool: 'fetch', toolName: 'WebFetch', url }).outcome).toBe(outcome);
  });
  it('a bare WebFetch rule allows every URL', () => {
    expect(run({ allow: ['WebFetch'] }, { tool: 'fetch', url: 'https://anything.io' }).outcome).toBe('approve');
  });
});

describe('MCP tools', () => {
  const cfg = { allow: ['mcp__github__get_issue', 'mcp__linear', 'mcp__notion__*'], deny: ['mcp__github__delete_repo'] };
  it.each([
    ['mcp__github__get_issue', 'approve', 'allow:mcp__github__get_issue'],
    ['mcp__github__create_issue', 'escalate', 'default:no-match'],
    ['mcp__github__delete_repo', 'deny', 'deny:mcp__github__delete_repo'],
    ['mcp__linear__create_ticket', 'approve', 'allow:mcp__linear'],
    ['mcp__linearx__create_ticket', 'escalate', 'default:no-match'],
    ['mcp__notion__search', 'approve', 'allow:mcp__notion__*'],
  ])('%s → %s', (toolName, outcome, rule) => {
    expect(run(cfg, { tool: 'mcp', toolName })).toMatchObject({ outcome, rule });
  });
});

describe('rule order: built-in, deny, ask, allow; no match escalates', () => {
  it('ask escalates even when an allow rule also matches', () => {
    const d = run({ allow: ['Bash(git *)'], ask: ['Bash(git push *)'] }, { tool: 'bash', command: 'git push origin main' });
    expect(d).toMatchObject({ outcome: 'escalate', rule: 'ask:Bash(git push *)' });
  });

  it('deny wins over a more specific allow', () => {
    const d = run({ allow: ['Bash(npm run deploy)'], deny: ['Bash(npm run *)'] }, { tool: 'bash', command: 'npm run deploy' });
    expect(d).toMatchObject({ outcome: 'deny', rule: 'deny:Bash(npm run *)' });
  });

  it('a deny rule on one part denies the whole compound command', () => {
    const d = run({ allow: ['Bash'], deny: ['Bash(curl *)'] }, { tool: 'bash', command: 'npm test && curl https://x' });
    expect(d).toMatchObject({ outcome: 'deny', rule: 'deny:Bash(curl *)' });
  });

  it('deny rules see through wrappers', () => {
    const d = run({ allow: ['Bash'], deny: ['Bash(curl *)'] }, { tool: 'bash', command: 'timeout 5 curl https://x' });
    expect(d.outcome).toBe('deny');
  });

  it('the built-in list wins over a config deny', () => {
    const d = run({ deny: ['Bash(rm *)'] }, { tool: 'bash', command: 'rm -rf /' });
    expect(d).toMatchObject({ outcome: 'deny', rule: 'builtin:rm-root' });
  });

  it('first match wins within a list', () => {
    const d = run({ allow: ['Bash(npm *)', 'Bash(npm test *)'] }, { tool: 'bash', command: 'npm test' });
    expect(d.rule).toBe('allow:Bash(npm *)');
  });

  it('every part needs an allow rule; one unmatched part escalates', () => {
    const d = run({ allow: ['Bash(npm test *)'] }, { tool: 'bash', command: 'npm test && make deploy' });
    expect(d).toMatchObject({ outcome: 'escalate', rule: 'default:no-match' });
  });

  it('no match escalates', () => {
    expect(run({}, { tool: 'bash', command: 'npm test' })).toMatchObject({ outcome: 'escalate', rule: 'default:no-match' });
    expect(run({}, { tool: 'read', path: 'a.ts' })).toMatchObject({ outcome: 'escalate', rule: 'default:no-match' });
    expect(run({ allow: ['Read'] }, { tool: 'other', toolName: 'WebSearch' })).toMatchObject({ outcome: 'escalate', rule: 'default:no-match' });
  });

  it('bare tool rules for other tools', () => {
    expect(run({ allow: ['WebSearch'] }, { tool: 'other', toolName: 'WebSearch' }).outcome).toBe('approve');
    expect(run({ allow: ['WebSearch'] }, { tool: 'other' })).toMatchObject({ outcome: 'escalate', rule: 'builtin:unknown-tool' });
  });

  it('an empty or missing command escalates', () => {
    expect(run({ allow: ['Bash'] }, { tool: 'bash', command: '  ' })).toMatchObject({ outcome: 'escalate', rule: 'parse:empty' });
    expect(run({ allow: ['Bash'] }, { tool: 'bash' })).toMatchObject({ outcome: 'escalate', rule: 'parse:empty' });
  });

  it('neutral commands (cd, echo) need no rule of their own next to an allowed one, but do alone', () => {
    expect(run({ allow: ['Bash(npm test *)'] }, { tool: 'bash', command: 'cd web && echo start && npm test' }).outcome).toBe('approve');
    expect(run({ allow: ['Bash(npm test *)'] }, { tool: 'bash', command: 'echo start' }).outcome).toBe('escalate');
    expect(run({ allow: ['Bash(echo *)'] }, { tool: 'bash', command: 'echo start' }).outcome).toBe('approve');
    expect(run({ allow: ['Bash'], deny: ['Bash(echo *)'] }, { tool: 'bash', command: 'echo start' }).outcome).toBe('deny');
  });

  it('legacy prefix rules match like their wildcard form', () => {
    expect(run({ allow: ['Bash(npm test:*)'] }, { tool: 'bash', command: 'npm test -- --run' }).outcome).toBe('approve');
  });

  it('rules are matched against unquoted words', () => {
    expect(run({ allow: ['Bash(npm run build)'] }, { tool: 'bash', command: "npm 'run' \"build\"" }).outcome).toBe('approve');
  });
});

describe('describeRequest', () => {
  it.each<[PermissionRequest, string]>([
    [{ tool: 'bash', command: 'npm test' }, 'Bash(npm test)'],
    [{ tool: 'bash', command: 'a\n  b' }, 'Bash(a ⏎ b)'],
    [{ tool: 'read', path: 'src/a.ts' }, 'Read(src/a.ts)'],
    [{ tool: 'read', toolName: 'Grep', path: 'src' }, 'Grep(src)'],
    [{ tool: 'edit' }, 'Edit'],
    [{ tool: 'fetch', url: 'https://x.io' }, 'WebFetch(https://x.io)'],
    [{ tool: 'mcp', toolName: 'mcp__gh__get_issue' }, 'mcp__gh__get_issue'],
    [{ tool: 'other', toolName: 'WebSearch' }, 'WebSearch'],
  ])('%j → %s', (req, text) => {
    expect(describeRequest(req)).toBe(text);
  });

  it('shortens long commands', () => {
    expect(describeRequest({ tool: 'bash', command: 'x'.repeat(500) }).length).toBeLessThanOrEqual(206);
  });
});
