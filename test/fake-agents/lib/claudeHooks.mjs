// Claude Code's hook semantics: which configured commands run for an event, the JSON each
// receives on stdin, and how their exit codes / stdout JSON are read back.
// Field names follow https://code.claude.com/docs/en/hooks (the `architect hook` handler is
// written against that page, so the payloads here must not drift from it).
import { readFileSync } from 'node:fs';
import { runHookCommand } from './hookRunner.mjs';
import { runHttpHook } from './httpHookRunner.mjs';

/** `--settings` takes a file path or a JSON string, like the real CLI. */
export function loadSettings(arg) {
  if (!arg) return {};
  const text = arg.trim().startsWith('{') ? arg : readFileSync(arg, 'utf8');
  return JSON.parse(text);
}

/** Matcher rules: empty or "*" matches everything; "A|B" is an exact list; else a regex. */
export function matcherMatches(matcher, value) {
  if (matcher === undefined || matcher === null || matcher === '' || matcher === '*') return true;
  if (value === undefined) return true;
  if (/^[A-Za-z0-9_|]+$/.test(matcher)) return matcher.split('|').includes(value);
  try {
    return new RegExp(`^(?:${matcher})$`).test(value);
  } catch {
    return false;
  }
}

function parseJson(stdout) {
  const text = stdout.trim();
  if (!text.startsWith('{')) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export class ClaudeHooks {
  /**
   * @param {{ settings: object, enabled: boolean, cwd: string, sessionId: string,
   *   transcriptPath: string, permissionMode: () => string, defaultTimeoutMs: number,
   *   record: (event: string, data: object) => void }} opts
   */
  constructor(opts) {
    this.opts = opts;
    const s = opts.settings ?? {};
    this.config = opts.enabled && !s.disableAllHooks ? s.hooks ?? {} : {};
  }

  commandsFor(event, matchValue) {
    const seen = new Set();
    const commands = [];
    for (const group of this.config[event] ?? []) {
      if (!matcherMatches(group.matcher, matchValue)) continue;
      for (const hook of group.hooks ?? []) {
        // Command and http hooks run here (prompt/agent hooks need a model). Identical ones run once.
        const key = hook.type === 'command' ? hook.command : hook.type === 'http' ? `http ${hook.url}` : null;
        if (!key || (hook.type === 'command' && !hook.command) || (hook.type === 'http' && !hook.url) || seen.has(key)) continue;
        seen.add(key);
        commands.push(hook);
      }
    }
    return commands;
  }

  payload(event, fields) {
    const { sessionId, transcriptPath, cwd, permissionMode } = this.opts;
    const base = { session_id: sessionId, transcript_path: transcriptPath, cwd };
    // SessionStart/SessionEnd fire outside any permission context; the docs omit the mode there.
    if (event !== 'SessionStart' && event !== 'SessionEnd') base.permission_mode = permissionMode();
    return { ...base, hook_event_name: event, ...fields };
  }

  /** Runs every matching command in parallel and returns their results. */
  async fire(event, fields, matchValue) {
    const hooks = this.commandsFor(event, matchValue);
    if (hooks.length === 0) return [];
    const payload = this.payload(event, fields);
    return Promise.all(
      hooks.map(async (hook) => {
        const timeoutMs = hook.timeout ? hook.timeout * 1000 : this.opts.defaultTimeoutMs;
        const result =
          hook.type === 'http'
            ? await runHttpHook({ hook, payload, timeoutMs })
            : await runHookCommand({ command: hook.command, payload, cwd: this.opts.cwd, timeoutMs });
        this.opts.record('hook', {
          hook: event,
          ...(hook.type === 'http' ? { url: hook.url, status: result.status ?? null } : { command: hook.command }),
          exitCode: result.exitCode,
          timedOut: result.timedOut,
          ms: result.ms,
        });
        return { ...result, json: result.exitCode === 0 ? parseJson(result.stdout) : null };
      }),
    );
  }

  sessionStart(source, model) {
    return this.fire('SessionStart', { source, model }, source);
  }

  /** @returns {Promise<{ blocked: boolean, reason?: string }>} */
  async userPromptSubmit(prompt) {
    for (const r of await this.fire('UserPromptSubmit', { prompt })) {
      if (r.exitCode === 2) return { blocked: true, reason: r.stderr.trim() };
      if (r.json?.decision === 'block') return { blocked: true, reason: r.json.reason ?? '' };
      if (r.json?.continue === false) return { blocked: true, reason: r.json.stopReason ?? '' };
    }
    return { blocked: false };
  }

  /** @returns {Promise<{ decision: 'allow' | 'deny' | 'ask' | null, reason?: string }>} */
  async preToolUse(toolName, toolInput, toolUseId) {
    const results = await this.fire(
      'PreToolUse',
      { tool_name: toolName, tool_input: toolInput, tool_use_id: toolUseId },
      toolName,
    );
    let decision = null;
    let reason;
    const rank = { allow: 1, ask: 2, deny: 3 };
    for (const r of results) {
      let d = null;
      let why;
      if (r.exitCode === 2) [d, why] = ['deny', r.stderr.trim()];
      else if (r.json) {
        const out = r.json.hookSpecificOutput ?? {};
        d = out.permissionDecision ?? { approve: 'allow', block: 'deny' }[r.json.decision] ?? null;
        why = out.permissionDecisionReason ?? r.json.reason;
      }
      if (d && (!decision || rank[d] > rank[decision])) [decision, reason] = [d, why];
    }
    return { decision, reason };
  }

  /** Any deny wins, else any allow; otherwise the dialog is shown. */
  async permissionRequest(toolName, toolInput, suggestions) {
    const results = await this.fire(
      'PermissionRequest',
      { tool_name: toolName, tool_input: toolInput, permission_suggestions: suggestions },
      toolName,
    );
    let allow = null;
    for (const r of results) {
      if (r.exitCode === 2) return { behavior: 'deny', message: r.stderr.trim(), interrupt: false };
      const decision = r.json?.hookSpecificOutput?.decision;
      if (decision?.behavior === 'deny') {
        return { behavior: 'deny', message: decision.message ?? '', interrupt: decision.interrupt === true };
      }
      if (decision?.behavior === 'allow') allow = { behavior: 'allow', updatedInput: decision.updatedInput };
    }
    return allow ?? { behavior: null };
  }

  postToolUse(toolName, toolInput, toolResponse, toolUseId) {
    return this.fire(
      'PostToolUse',
      { tool_name: toolName, tool_input: toolInput, tool_response: toolResponse, tool_use_id: toolUseId },
      toolName,
    );
  }

  notification(message, notificationType) {
    return this.fire('Notification', { message, notification_type: notificationType }, notificationType);
  }

  /** @returns {Promise<{ block: boolean, reason?: string }>} */
  async stop(lastAssistantMessage, stopHookActive) {
    const results = await this.fire('Stop', {
      stop_hook_active: stopHookActive,
      last_assistant_message: lastAssistantMessage,
    });
    for (const r of results) {
      if (r.exitCode === 2) return { block: true, reason: r.stderr.trim() };
      if (r.json?.decision === 'block') return { block: true, reason: r.json.reason ?? '' };
    }
    return { block: false };
  }

  stopFailure(error, errorDetails, lastAssistantMessage) {
    const fields = { error };
    if (errorDetails !== undefined) fields.error_details = errorDetails;
    if (lastAssistantMessage !== undefined) fields.last_assistant_message = lastAssistantMessage;
    return this.fire('StopFailure', fields, error);
  }

  sessionEnd(reason) {
    return this.fire('SessionEnd', { reason }, reason);
  }
}
