import type { CompiledPolicy } from '@architect/policy';
import { fileStamp } from './hookRequestHandler';
import { recordHookEvent, type HookEventRecorderDeps } from './hookEventRecorder';

export interface HttpHookDeps extends HookEventRecorderDeps {
  /** The dashboard rules as of now; undefined while they do not compile. */
  policy: () => CompiledPolicy | undefined;
  configPath: string;
  /** fileStamp() of the config file taken before this daemon read it. */
  configStamp: string;
  holdsLease: () => boolean;
}

/**
 * One authenticated http hook event → the body Claude reads. Unlike the unix socket there is no
 * hook process to fall back on, so nothing is refused: the event is always recorded, and a
 * PermissionRequest gets a decision only when this daemon can give the one `architect hook`
 * would — it holds the lease, its rules compile and the config file is the one it read (after an
 * edit, "no decision" until the restart: Claude shows its dialog, never a stale approval).
 */
export function httpHookHandler(deps: HttpHookDeps): (session: string, payload: unknown, reply: (body: string) => void) => Promise<string> {
  return async (session, payload, reply) => {
    const startedAt = performance.now();
    const current = fileStamp(deps.configPath) === deps.configStamp && deps.holdsLease();
    const out = await recordHookEvent(deps, { envSession: session, payload, policy: current ? deps.policy() : undefined, decidedIn: 'http', startedAt, onAnswer: (stdout) => reply(stdout ?? '') });
    for (const w of out.warnings) deps.log.warn({ session }, w);
    deps.log.debug({ session, ms: Math.round((performance.now() - startedAt) * 10) / 10 }, 'http hook event handled');
    return out.stdout ?? '';
  };
}
