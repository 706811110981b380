import { compilePolicy } from './compile';
import type { PolicyContext } from './types';

/** Shared by the table tests: a session in /home/dev/proj with a typical, deliberately broad allow list. */
export const CTX: PolicyContext = {
  cwd: '/home/dev/proj',
  home: '/home/dev',
  protectedPaths: ['/home/dev/architect/data/architect.db', '~/.architect/vault.key'],
};

/** Broad rules like Bash(rm *) and Bash(git *) are here on purpose: the built-in list must still win. */
export const TYPICAL_ALLOW = [
  'Read', 'Edit', 'Write',
  'Bash(npm test *)', 'Bash(npm run *)', 'Bash(pnpm *)', 'Bash(git status *)', 'Bash(git diff *)',
  'Bash(git log *)', 'Bash(ls *)', 'Bash(cat *)', 'Bash(grep *)', 'Bash(rm *)', 'Bash(git *)',
  'Bash(python *)', 'Bash(python3 *)', 'Bash(node *)', 'Bash(bash *)', 'Bash(sh *)', 'Bash(curl *)',
  'Bash(find *)', 'Bash(chmod *)', 'Bash(chown *)', 'Bash(cp *)', 'Bash(mv *)', 'Bash(tee *)',
  'Bash(xargs *)', 'Bash(env *)', 'Bash(timeout *)', 'Bash(npx *)', 'Bash(perl *)', 'Bash(ruby *)',
  'Bash(kill *)', 'Bash(dd *)', 'Bash(tar *)', 'Bash(sed *)', 'Bash(awk *)', 'Bash(docker *)',
  'Bash(crontab *)', 'Bash(npm *)', 'Bash(base64 *)', 'Bash(wget *)', 'Bash(eval *)', 'Bash(mkdir *)',
  'WebFetch(domain:docs.example.com)', 'mcp__github__get_issue', 'mcp__linear',
];

export const typicalPolicy = () => compilePolicy({ allow: TYPICAL_ALLOW, ask: [], deny: [] });
