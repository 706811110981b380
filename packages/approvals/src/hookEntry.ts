/**
 * The entry `architect hook` imports (`@architect/approvals/hook`). It loads nothing itself: the
 * decider, the config schema, the database layer and the policy engine are imported on the
 * first PermissionRequest only, so the other hook events (every prompt, every turn end) pay no
 * start-up cost for auto-confirm.
 */
import type { HookDeciderOptions, HookPermissionDecision } from './hookDecider';

export type { HookPermissionDecision } from './hookDecider';

export function permissionDecider(opts: HookDeciderOptions) {
  let decider: Promise<{ decide: (event: { payload: Record<string, unknown> }, session: string | undefined) => Promise<HookPermissionDecision | undefined> }> | undefined;
  return async (event: { payload: Record<string, unknown> }, session: string | undefined): Promise<HookPermissionDecision | undefined> => {
    decider ??= import('./hookDecider').then((m) => m.createHookDecider(opts));
    return (await decider).decide(event, session);
  };
}
