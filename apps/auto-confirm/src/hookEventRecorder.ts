import { answerPermissionHook, type HookPermissionDecision } from '@architect/approvals';
import type { AutoConfirmConfig, Clock, Logger, SessionConfig } from '@architect/core';
import type { SqliteConn } from '@architect/db/lite';
import type { CompiledPolicy } from '@architect/policy';
import { handleHookEvent } from '@architect/sessions';

export interface HookEventRecorderDeps {
  db: SqliteConn;
  autoConfirm: AutoConfirmConfig;
  sessions: readonly SessionConfig[];
  home: string;
  protectedPaths: string[];
  panesDir: string;
  clock: Clock;
  log: Logger;
}

export interface RecordedHookEvent {
  /** The decision Claude is given, or undefined: no decision (its dialog shows). */
  decision: HookPermissionDecision | undefined;
  /** What a command hook would print on stdout (the decision JSON, or nothing). */
  stdout: string | undefined;
  warnings: string[];
}

/**
 * What both daemon-side hook paths (the unix socket and the http receiver) do with one event,
 * exactly as `architect hook` would in its own process: the sessions layer's handleHookEvent
 * records it (hook_events, the session's hook state, the watcher's poke) and, for a
 * PermissionRequest, asks answerPermissionHook with `policy` (none = no decision, still recorded).
 */
export async function recordHookEvent(
  deps: HookEventRecorderDeps,
  event: {
    envSession: string | undefined;
    payload: unknown;
    policy: CompiledPolicy | undefined;
    decidedIn: 'daemon' | 'http';
    startedAt: number;
    /** See HookDeps.onAnswer: called with Claude's answer before the event is recorded. */
    onAnswer?: (stdout: string | undefined) => void;
  },
): Promise<RecordedHookEvent> {
  const warnings: string[] = [];
  let decided: HookPermissionDecision | undefined;
  const policy = event.policy;
  const outcome = await handleHookEvent(
    {
      db: deps.db,
      now: () => deps.clock.now(),
      envSession: event.envSession,
      panesDir: deps.panesDir,
      warn: (w) => warnings.push(w),
      ...(event.onAnswer ? { onAnswer: event.onAnswer } : {}),
      ...(policy
        ? {
            decidePermission: async (e, session) => {
              const result = await answerPermissionHook(
                {
                  db: deps.db,
                  autoConfirm: deps.autoConfirm,
                  sessions: deps.sessions,
                  policy: () => policy,
                  home: deps.home,
                  protectedPaths: deps.protectedPaths,
                  now: () => deps.clock.now(),
                  decidedIn: event.decidedIn,
                },
                session,
                e.payload,
              );
              decided = result.output?.hookSpecificOutput.decision;
              const ms = Math.round((performance.now() - event.startedAt) * 10) / 10;
              if (result.outcome !== 'ignored') deps.log.info({ session, tool: e.payload.tool_name, outcome: result.outcome, rule: result.rule, ms, via: event.decidedIn }, 'hook request decided');
              return decided;
            },
          }
        : {}),
    },
    event.payload,
  );
  return { decision: outcome.stdout && decided ? decided : undefined, stdout: outcome.stdout, warnings };
}
