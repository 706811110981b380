import { posix } from 'node:path';
import { resolvePath } from './paths';
import { filterGlobRisk, globSecretRisk, holdsSecrets } from './secrets';
import type { Decision, PermissionRequest, PolicyContext } from './types';

/**
 * Grep, Glob and LS read a whole directory, and Grep/Glob take a glob besides the path. The
 * directory may hold keys (home, `~/.config`, a credentials store) and the glob may select them
 * (`.env*`, `**\/id_*`) or climb out (`../.ssh/*`): both are checked, whatever the allow rules.
 */
export function searchVerdict(req: PermissionRequest, abs: string, ctx: PolicyContext): Decision | null {
  const name = req.toolName ?? '';
  if (!/^(Grep|Glob|LS)$/.test(name)) return null;
  const esc = (reason: string): Decision => ({ outcome: 'escalate', rule: 'builtin:secret-read-recursive', reason });
  const input = req.input ?? {};
  const glob = typeof input.glob === 'string' ? input.glob : name === 'Glob' && typeof input.pattern === 'string' ? input.pattern : null;
  if (glob !== null) {
    if (glob.split('/').includes('..') || glob.startsWith('/') || glob.startsWith('~')) {
      const target = resolvePath(glob, abs, ctx.home);
      const risk = target ? globSecretRisk(target, ctx) : null;
      return esc(`${name} glob ${glob} reaches outside ${abs}${risk ? `: ${risk.why}` : ''}`);
    }
    const why = filterGlobRisk(glob, ctx) ?? globSecretRisk(posix.join(abs, glob), ctx)?.why ?? null;
    if (why) return esc(`${name} glob ${glob} selects ${why}`);
  }
  if (name === 'LS') return null;
  // A plain search of the workspace stays allowed (the everyday case); only directories that hold
  // credentials by location (home, ~/.config, key stores, protected paths) are refused.
  const holds = holdsSecrets(abs, ctx, false);
  return holds ? esc(`${name} searches ${abs}: ${holds}`) : null;
}
