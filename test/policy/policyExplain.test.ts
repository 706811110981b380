import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { architect } from '../support/cli';

/**
 * `architect policy explain` through the built bundle: the bundle must find all three grammars
 * (bash, Python, JavaScript) by itself, read the rules from the config, and pick a session's cwd.
 */
let home: string;
let env: Record<string, string>;

beforeAll(() => {
  home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-explain-')));
  const proj = path.join(home, 'proj');
  fs.mkdirSync(proj);
  fs.writeFileSync(
    path.join(home, 'architect.config.json'),
    JSON.stringify({
      sessions: [{ name: 'w1', provider: 'shell', cwd: proj }],
      autoConfirm: { allow: ['Bash(git *)', 'Bash(npm *)', 'Bash(python3 *)', 'Bash(node *)', 'Read', 'WebFetch', 'mcp__github'], ask: [], deny: [] },
    }),
  );
  env = { ARCHITECT_HOME: home, ARCHITECT_DB: path.join(home, 'none.db') };
});

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const explain = (...args: string[]) => architect(['policy', 'explain', ...args], env);
const json = (...args: string[]) => {
  const r = explain(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { outcome: string; rule: string; reason: string; cwd: string; parts?: Array<{ text: string; outcome: string; rule: string }> };
};

describe('architect policy explain', () => {
  it('approves what every part understands, with each part and its rule', () => {
    const d = json('--tool', 'bash', '--input', 'npm test && git log --oneline -3', '--session', 'w1');
    expect(d).toMatchObject({ outcome: 'approve', rule: 'allow:Bash(npm *) + allow:Bash(git *)', cwd: path.join(home, 'proj') });
    expect(d.parts?.map((p) => [p.text, p.outcome])).toEqual([['npm test', 'approve'], ['git log --oneline -3', 'approve']]);
  });

  it('reads inline Python and JavaScript with their grammars in the bundle', () => {
    expect(json('--tool', 'bash', '--input', `python3 -c "import os as o; o.system('id')"`)).toMatchObject({ outcome: 'escalate', rule: 'builtin:interp-code' });
    expect(json('--tool', 'bash', '--input', `python3 -c "import json; print(json.dumps({'a': 1}))"`)).toMatchObject({ outcome: 'approve' });
    expect(json('--tool', 'bash', '--input', `node -e "require('child'+'_process').execSync('id')"`).outcome).toBe('escalate');
    expect(json('--tool', 'bash', '--input', `node -e "console.log(JSON.stringify({a: 1}))"`)).toMatchObject({ outcome: 'approve' });
  });

  it('explains a wildcard that meets a command it does not understand', () => {
    const d = json('--tool', 'bash', '--input', 'git checkout HEAD :/');
    expect(d).toMatchObject({ outcome: 'escalate', rule: 'builtin:not-understood' });
    expect(d.reason).toContain('Bash(git *) is a wildcard');
  });

  it('judges paths, URLs and MCP arguments', () => {
    expect(json('--tool', 'read', '--input', '~/.ssh/id_ed25519')).toMatchObject({ outcome: 'deny', rule: 'builtin:secret-read' });
    expect(json('--tool', 'fetch', '--input', 'http://169.254.169.254/latest/meta-data/')).toMatchObject({ outcome: 'escalate', rule: 'builtin:fetch-private' });
    expect(json('--tool', 'mcp__github__delete_file', '--input', '{"path":"src/a.ts"}')).toMatchObject({ outcome: 'escalate', rule: 'builtin:mcp-destructive' });
    expect(json('--tool', 'mcp__github__get_issue', '--input', '{"issue_number":1}')).toMatchObject({ outcome: 'approve', rule: 'allow:mcp__github' });
  });

  it('prints a readable explanation without --json', () => {
    const r = explain('--tool', 'bash', '--input', 'git status; echo $ANTHROPIC_API_KEY');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^decision: escalate\nrule: +builtin:secret-var\n/);
    expect(r.stdout).toContain('parts:');
  });

  it('bad usage exits 2 with a message on stderr', () => {
    for (const args of [['--tool', 'nope', '--input', 'x'], ['--tool', 'mcp__x__y', '--input', 'not json'], ['--tool', 'bash', '--input', 'ls', '--session', 'missing']]) {
      const r = explain(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/architect: /);
      expect(r.stdout).toBe('');
    }
  });
});
