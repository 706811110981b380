import fs from 'node:fs';
import {
  ARCHITECT_BUILD,
  HOOK_SOCKET_TIMING,
  HOOK_SOCKET_VERSION,
  parseHookSocketRequest,
  type HookContext,
  type HookSocketRefusal,
  type HookSocketReply,
} from '@architect/approvals';
import { toError, type AutoConfirmConfig, type Clock, type Logger, type SessionConfig } from '@architect/core';
import type { SqliteConn } from '@architect/db/lite';
import type { CompiledPolicy } from '@architect/policy';
import { recordHookEvent } from './hookEventRecorder';

export interface HookRequestDeps {
  /** Its own connection with a short busy timeout (HOOK_SOCKET_TIMING.daemonBusyTimeoutMs): see the timing there. */
  db: SqliteConn;
  /** What this daemon decides with; a hook whose own context differs decides itself. */
  context: HookContext;
  /** fileStamp() of the config file taken before this daemon read it. */
  configStamp: string;
  /** This daemon's build (default ARCHITECT_BUILD): hooks of another build decide themselves. */
  build?: string;
  autoConfirm: AutoConfirmConfig;
  sessions: readonly SessionConfig[];
  /** The policy with the dashboard rules as of now; undefined while they do not compile. */
  policy: () => CompiledPolicy | undefined;
  home: string;
  protectedPaths: string[];
  panesDir: string;
  /** Re-reads the lease row: only the holder answers. */
  holdsLease: () => boolean;
  clock: Clock;
  log: Logger;
}

/** Identity of a file as the hook's config cache sees it: a rewrite changes it. */
export function fileStamp(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

const refuse = (refused: HookSocketRefusal, reason: string): HookSocketReply => ({ v: HOOK_SOCKET_VERSION, ok: false, refused, reason });

/**
 * One request from `architect hook`: the same work the hook process would do — record the event
 * (hook_events, session state, the watcher's poke) through the sessions layer's handler, with the
 * same `answerPermissionHook` deciding (kill switch, exclude list, policy, rate limit, the
 * `interactions` row) — only with the policy already compiled. Every check that could make the
 * daemon's answer differ from the hook's own is made first, and fails as a refusal that records
 * nothing, so the hook then decides itself.
 */
export function hookRequestHandler(deps: HookRequestDeps) {
  let warnedConfig = false;
  let warnedBuild = false;
  return async (line: string): Promise<HookSocketReply> => {
    const t0 = performance.now();
    const request = parseHookSocketRequest(line);
    if ('error' in request) return refuse('bad-request', request.error);
    const now = deps.clock.now();
    // Past its start window the hook may already have given up and decided itself.
    if (now - request.sentAt > HOOK_SOCKET_TIMING.startWindowMs || request.sentAt - now > 1000) {
      return refuse('late', `request sent ${now - request.sentAt} ms ago`);
    }
    if (request.build !== (deps.build ?? ARCHITECT_BUILD)) {
      if (!warnedBuild) deps.log.warn({ hook: request.build, daemon: deps.build ?? ARCHITECT_BUILD }, 'hooks come from another build: they decide themselves until auto-confirm restarts');
      warnedBuild = true;
      return refuse('build-mismatch', `the hook is build ${request.build}, the daemon ${deps.build ?? ARCHITECT_BUILD}`);
    }
    const differs = (Object.keys(deps.context) as (keyof HookContext)[]).filter((k) => request.context[k] !== deps.context[k]);
    if (differs.length) return refuse('context-mismatch', `the hook's ${differs.join(', ')} differ from the daemon's`);
    if (fileStamp(deps.context.configPath) !== deps.configStamp) {
      // The hook re-reads an edited config at once; this daemon only on restart.
      if (!warnedConfig) deps.log.warn({ config: deps.context.configPath }, 'config file changed since start: hooks decide themselves until auto-confirm restarts');
      warnedConfig = true;
      return refuse('config-changed', 'the config file changed since the daemon started');
    }
    if (!deps.holdsLease()) return refuse('not-holder', 'this auto-confirm does not hold the lease');
    const policy = deps.policy();
    if (!policy) return refuse('policy-unreadable', 'the newest dashboard rules do not compile');

    // From here on the request is ours: whatever happens, the hook must not decide it again.
    try {
      const out = await recordHookEvent(deps, { envSession: request.session ?? undefined, payload: request.payload, policy, decidedIn: 'daemon', startedAt: t0 });
      return { v: HOOK_SOCKET_VERSION, ok: true, decision: out.decision ?? null, warnings: out.warnings };
    } catch (raw) {
      const err = toError(raw);
      deps.log.error({ err }, 'hook request failed');
      return { v: HOOK_SOCKET_VERSION, ok: true, decision: null, warnings: [`failed to record the event: ${err.message}`] };
    }
  };
}
