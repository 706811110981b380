import { beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from './compile';
import { decide } from './decide';
import { initPolicy } from './index';
import { CTX } from './testPolicy';

/**
 * tree-sitter-bash has quirks that read two commands as one without reporting an error
 * (`ls⏎\\rm -rf /`, `ls⏎\\⏎rm -rf /`) or file a command's arguments under a redirection
 * (`ls > /etc/x -la`). These tests pin the guards in bashParse: a line break is generated in
 * every position a hostile command could use, and the second command must never ride on the
 * first one's allow rule.
 */
describe('parser quirks cannot smuggle a second command', () => {
  beforeAll(() => initPolicy());
  const policy = compilePolicy({ allow: ['Bash(ls *)', 'Bash(echo *)', 'Bash(cat *)', 'Bash(git status *)'], ask: [], deny: [] });
  const heads = ['ls', 'ls -la', 'echo hi', "echo 'a'", 'echo "a"', 'cat x', 'git status', 'ls $X', 'echo ${A}', 'ls *.ts', 'echo $((1))', 'ls 2>/dev/null', 'ls > out.txt', 'cat <<E\nx\nE'];
  const breaks = ['\n', '\r\n', '\n\n', ' \n', '\t\n', '\n#x\n', ';', '&&', '||', '|', '&'];
  const starts = ['', '\\', '\\\\', ' \\', '\t', '\\\n', '\\\n\\\n', '"', "'", '{ ', '( ', '! ', 'x=1 '];

  it('never approves the hidden command', () => {
    const approved: string[] = [];
    for (const head of heads) {
      for (const br of breaks) {
        for (const start of starts) {
          const command = `${head}${br}${start}touch /tmp/evil`;
          if (decide(policy, { tool: 'bash', command }, CTX).outcome === 'approve') approved.push(command);
        }
      }
    }
    expect(approved).toEqual([]);
  });

  it.each([
    ['ls > /etc/x -la', 'deny'],
    ['echo x > /etc/passwd foo', 'deny'],
    ['cat < ~/.ssh/id_rsa x', 'deny'],
    ['ls\n\\rm -rf /', 'escalate'],
    ['ls\n\\\nrm -rf /', 'escalate'],
    ["bash <<'X'\n\\rm -rf /\nX", 'escalate'],
  ])('%j → %s', (command, outcome) => {
    expect(decide(policy, { tool: 'bash', command }, CTX).outcome).toBe(outcome);
  });
});
