import { findRepoRoot } from '@architect/db/lite';
import { runHook } from '@architect/sessions/hook';
import { permissionDecider } from '@architect/approvals/hook';
import { daemonPermissionDelegate } from '@architect/approvals/hookClient';

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
    // A PermissionRequest goes to the running auto-confirm daemon first (policy already compiled,
    // database open): nothing else is loaded for it. Without an answer from there, the event is
    // recorded here and auto-confirm's policy is loaded into this process (first such event only).
    delegatePermission: daemonPermissionDelegate({ env, defaultHome }),
    decidePermission: permissionDecider({ env, defaultHome }),
  });
}
