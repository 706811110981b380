import type { AutoConfirmConfig, SessionConfig } from '@architect/core/lite';
import { recordApproval, recordEscalation, type SqliteConn } from '@architect/db/lite';
import { initPolicy, mayRunInlineCode, type CompiledPolicy, type Decision, type ParserFiles } from '@architect/policy';
import { decideRequest } from './decideRequest';
import { toolInputHash } from './dialogIdentity';
import { requestFromHook } from './permissionRequests';


// Tools whose "permission" is a person's decision: the plan to run, an answer to a question.
const HUMAN_TOOLS = new Set(['ExitPlanMode', 'AskUserQuestion']);
/** What Claude Code reads from a PermissionRequest hook's stdout (hooks reference, "PermissionRequest decision control"). */
export interface PermissionRequestOutput {
  hookSpecificOutput: {
    hookEventName: 'PermissionRequest';
    decision: { behavior: 'allow' } | { behavior: 'deny'; message: string };
  };
}

export interface PermissionHookDeps {
  db: Pick<SqliteConn, 'sqlite'>;
  autoConfirm: AutoConfirmConfig;
  sessions: readonly SessionConfig[];
  /** Compiled once per process; a rule that does not parse throws a ConfigError from here. */
  policy: () => CompiledPolicy;
  home: string;
  protectedPaths: string[];
  now: () => number;
  /** The shell parser's .wasm files, for bundled apps that cannot resolve them from packages. */
  parserFiles?: ParserFiles;
  /** Which process decided, kept in the audit row's details: the hook itself or the daemon over its socket. */
  decidedIn?: 'local' | 'daemon' | 'http';
}

export interface PermissionHookResult {
  /** Printed as JSON on stdout; undefined means print nothing, so Claude Code shows its dialog. */
  output?: PermissionRequestOutput;
  outcome: Decision['outcome'] | 'ignored';
  rule: string;
  reason: string;
}

const ignored = (reason: string): PermissionHookResult => ({ outcome: 'ignored', rule: 'ignored', reason });

/**
 * Answers one PermissionRequest hook event with the policy's decision on the exact tool input.
 * Approve and deny print Claude Code's JSON; escalate prints nothing (the dialog shows as usual),
 * records the escalation and alerts, so the screen path escalates that dialog too instead of
 * approving it. Sessions Architect does not manage, excluded sessions and malformed payloads are
 * left alone entirely.
 */
export async function answerPermissionHook(
  deps: PermissionHookDeps,
  sessionName: string | undefined,
  payload: Record<string, unknown>,
): Promise<PermissionHookResult> {
  if (payload.hook_event_name !== 'PermissionRequest') return ignored('not a PermissionRequest event');
  const session = deps.sessions.find((s) => s.name === sessionName);
  if (!session) return ignored('not a managed session');
  if (deps.autoConfirm.exclude.includes(session.name)) return ignored('session excluded from auto-confirm');
  const toolName = payload.tool_name;
  const toolInput = payload.tool_input;
  if (typeof toolName !== 'string' || toolName === '' || !toolInput || typeof toolInput !== 'object' || Array.isArray(toolInput)) {
    return ignored('malformed PermissionRequest payload');
  }
  const input = toolInput as Record<string, unknown>;
  const hash = toolInputHash(session.name, toolName, input);
  const command = describeInput(toolName, input);
  const base = { session: session.name, via: 'hook' as const, tool: toolName, command, screenHash: hash };
  const path = deps.decidedIn ?? 'local';

  const mapped = requestFromHook(toolName, input);
  let decision: Decision;
  if (HUMAN_TOOLS.has(toolName)) {
    // Plan approval and questions to the user arrive as permission requests too: no rule may
    // answer them (SPEC §3, "A human is needed").
    decision = { outcome: 'escalate', rule: 'builtin:human-needed', reason: `${toolName} waits for a human's answer` };
  } else if (!mapped.ok) {
    decision = { outcome: 'escalate', rule: 'error:input', reason: mapped.reason };
  } else {
    // The WASM shell parser costs start-up time: load it only for shell commands.
    if (mapped.request.tool === 'bash') await initPolicy(deps.parserFiles, { code: mayRunInlineCode(mapped.request.command ?? '') });
    decision = decideRequest({
      db: deps.db,
      policy: deps.policy(),
      config: deps.autoConfirm,
      session: session.name,
      request: mapped.request,
      context: { cwd: session.cwd, home: deps.home, protectedPaths: deps.protectedPaths },
      now: deps.now(),
    });
  }

  const now = deps.now();
  if (decision.outcome === 'escalate') {
    recordEscalation(deps.db, {
      ...base,
      outcome: 'escalate',
      rule: decision.rule,
      reason: decision.reason,
      alert: true,
      permission: { tool: toolName, command, via: 'hook' },
      details: { reason: decision.reason, path },
      now,
    });
    return { ...decision };
  }
  recordApproval(deps.db, { ...base, outcome: decision.outcome, rule: decision.rule, details: { reason: decision.reason, path }, now });
  const output: PermissionRequestOutput = {
    hookSpecificOutput: {
      hookEventName: 'PermissionRequest',
      decision:
        decision.outcome === 'approve'
          ? { behavior: 'allow' }
          : { behavior: 'deny', message: `Architect auto-confirm denied this (${decision.rule}): ${decision.reason}` },
    },
  };
  return { output, ...decision };
}

/** The one line a human reads in the audit log: the command, path, URL or the raw input. */
function describeInput(toolName: string, input: Record<string, unknown>): string {
  for (const key of ['command', 'file_path', 'notebook_path', 'path', 'url']) {
    const v = input[key];
    if (typeof v === 'string') return v;
  }
  const json = JSON.stringify(input);
  return json.length > 2000 ? `${json.slice(0, 1997)}...` : json || toolName;
}
