import { findRepoRoot } from '@architect/db/lite';
import { runHook } from '@architect/sessions/hook';
import { permissionDecider } from '@architect/approvals/hook';

/**
 * `architect hook` without commander, the config schema or the logger: Claude Code waits for it
 * inside every turn, so start-up cost is paid on every event. Always resolves 0.
 */
export async function hookMain(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const defaultHome = findRepoRoot();
  return runHook({
    env,
    defaultHome,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    // The budget ran out (stdin never closed, database locked): leave without failing the agent.
    onTimeout: () => process.exit(0),
    // Auto-confirm answers PermissionRequest by policy (loaded on the first such event only).
    decidePermission: permissionDecider({ env, defaultHome }),
  });
}
