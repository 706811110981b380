import type { PolicyConfig } from '../src/index';

/** The three allow lists every dangerous case is run under (Claude Code rule syntax). */
export const NARROW: PolicyConfig = { allow: ['Read', 'Bash(npm test)', 'Bash(git status)'], ask: [], deny: [] };

/** What real users write: broad wildcards over the programs they use. */
export const TYPICAL: PolicyConfig = {
  allow: [
    'Read', 'Edit', 'Write', 'Glob', 'Grep', 'WebFetch',
    'Bash(git *)', 'Bash(npm *)', 'Bash(npx *)', 'Bash(pnpm *)', 'Bash(python3 *)', 'Bash(python *)', 'Bash(pip *)',
    'Bash(cat *)', 'Bash(head *)', 'Bash(tail *)', 'Bash(wc *)', 'Bash(jq *)', 'Bash(ls *)', 'Bash(grep *)', 'Bash(rg *)', 'Bash(find *)', 'Bash(node *)', 'Bash(make *)',
    'Bash(cargo *)', 'Bash(go *)', 'Bash(docker *)', 'Bash(gh *)', 'Bash(rm *)', 'Bash(cp *)', 'Bash(mv *)',
    'Bash(mkdir *)', 'Bash(echo *)', 'Bash(export *)', 'Bash(cd *)', 'mcp__github', 'mcp__filesystem',
  ],
  ask: [],
  deny: [],
};

/** Everything allowed: only the built-in protections stand between the agent and the machine. */
export const ALLOW_ALL: PolicyConfig = {
  allow: [
    'Bash', 'Bash(*)', 'Read', 'Edit', 'Write', 'Glob', 'Grep', 'LS', 'WebFetch', 'MultiEdit', 'NotebookEdit',
    'mcp__github', 'mcp__filesystem', 'mcp__postgres', 'mcp__shell', 'mcp__docker',
  ],
  ask: [],
  deny: [],
};

export const CONFIGS = { narrow: NARROW, typical: TYPICAL, allowAll: ALLOW_ALL } as const;
