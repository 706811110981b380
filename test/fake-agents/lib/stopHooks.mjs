// The end of a successful turn in Claude Code: Stop hooks run while the spinner is still up,
// and a hook that answers "block" (exit 2 or {"decision":"block"}) makes Claude keep working
// on its reason, after which Stop runs again with stop_hook_active: true.
import { sleep } from './turnRunner.mjs';

const MAX_ROUNDS = 10;

/**
 * @returns {Promise<{ reply: string, interrupted: boolean }>} the last reply shown
 */
export async function runStopHooks({ hooks, reply, signal, continueMs, show }) {
  let last = reply;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const verdict = await hooks.stop(last, round > 0);
    if (!verdict.block) return { reply: last, interrupted: false };
    try {
      await sleep(continueMs, signal);
    } catch {
      return { reply: last, interrupted: true };
    }
    last = `continued: ${verdict.reason}`;
    show(last);
  }
  return { reply: last, interrupted: false };
}
