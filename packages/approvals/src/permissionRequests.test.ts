import { describe, expect, it } from 'vitest';
import { requestFromHook, requestFromScreen } from './permissionRequests';

describe('requests from hook input', () => {
  it('maps the documented tool inputs exactly', () => {
    expect(requestFromHook('Bash', { command: 'npm test', description: 'Run tests' })).toEqual({
      ok: true,
      request: { tool: 'bash', toolName: 'Bash', command: 'npm test', input: { command: 'npm test', description: 'Run tests' } },
    });
    expect(requestFromHook('Edit', { file_path: '/r/a.ts', old_string: 'a', new_string: 'b' })).toMatchObject({ request: { tool: 'edit', path: '/r/a.ts' } });
    expect(requestFromHook('Write', { file_path: '/r/a.ts', content: '' })).toMatchObject({ request: { tool: 'write', path: '/r/a.ts' } });
    expect(requestFromHook('Read', { file_path: '~/.ssh/id_ed25519' })).toMatchObject({ request: { tool: 'read', path: '~/.ssh/id_ed25519' } });
    expect(requestFromHook('WebFetch', { url: 'https://example.com/x', prompt: 'p' })).toMatchObject({ request: { tool: 'fetch', url: 'https://example.com/x' } });
    expect(requestFromHook('mcp__github__create_issue', { title: 't' })).toEqual({ ok: true, request: { tool: 'mcp', toolName: 'mcp__github__create_issue', input: { title: 't' } } });
    expect(requestFromHook('Task', { prompt: 'x' })).toEqual({ ok: true, request: { tool: 'other', toolName: 'Task', input: { prompt: 'x' } } });
    // Grep and Glob without a path search the cwd; their glob travels along for the policy to inspect.
    expect(requestFromHook('Grep', { pattern: 'KEY', glob: '.env*' })).toMatchObject({ request: { tool: 'read', path: '.', input: { glob: '.env*' } } });
  });

  it('a missing field is a failure, never an empty command', () => {
    expect(requestFromHook('Bash', {})).toMatchObject({ ok: false });
    expect(requestFromHook('Bash', { command: 42 })).toMatchObject({ ok: false });
    expect(requestFromHook('Write', { content: 'x' })).toMatchObject({ ok: false });
  });
});

describe('requests from the screen', () => {
  const p = (tool: 'bash' | 'edit' | 'mcp' | 'other' | 'fetch', command: string) => ({ tool, command, options: ['Yes', 'No'], complete: true });
  it('maps tools and names MCP tools like the rules do', () => {
    expect(requestFromScreen(p('bash', 'npm test'))).toMatchObject({ request: { tool: 'bash', command: 'npm test' } });
    expect(requestFromScreen(p('edit', 'src/a.ts'))).toMatchObject({ request: { tool: 'edit', path: 'src/a.ts' } });
    expect(requestFromScreen(p('fetch', 'https://x.dev'))).toMatchObject({ request: { tool: 'fetch', url: 'https://x.dev' } });
    expect(requestFromScreen(p('mcp', 'github - create_issue(title: "x")'))).toMatchObject({ request: { tool: 'mcp', toolName: 'mcp__github__create_issue', input: { title: 'x' } } });
    // Path arguments drawn on screen reach the policy's secret and outside-the-workspace checks.
    expect(requestFromScreen(p('mcp', 'fs - read_file(path: "~/.ssh/id_ed25519", force: true) (MCP)'))).toMatchObject({ request: { input: { path: '~/.ssh/id_ed25519', force: true } } });
    expect(requestFromScreen(p('other', 'Task(x)'))).toEqual({ ok: true, request: { tool: 'other' } });
    expect(requestFromScreen(p('bash', '  '))).toMatchObject({ ok: false });
  });
});
