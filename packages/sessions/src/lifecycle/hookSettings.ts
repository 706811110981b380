import fs from 'node:fs';
import path from 'node:path';
import { HOOK_TOKEN_ENV, hookUrl } from '../hooks/httpEndpoint';
import { hookSettingsPath, shellQuote } from '../paths';

/** The Claude Code events Architect listens to (docs/sessions.md explains what each means). */
export const HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PermissionRequest', 'Notification', 'Stop', 'StopFailure', 'SessionEnd'] as const;

/** Events Claude Code filters by tool name or type; the matcher '*' takes them all. */
const MATCHED = new Set(['PermissionRequest', 'Notification', 'SessionStart', 'SessionEnd', 'StopFailure']);

export interface HookCommandOptions {
  /** Absolute path of the node binary. */
  node: string;
  /** Absolute path of apps/cli/dist/main.js. */
  cliMain: string;
  home: string;
  dbPath: string;
  session: string;
}

/**
 * The command Claude runs (with /bin/sh -c) for each event. The environment is set inline, so
 * the hook finds the database and its session even if the agent was restarted by hand without
 * the tmux session's environment.
 */
export function hookCommand(o: HookCommandOptions): string {
  return [
    `ARCHITECT_HOME=${shellQuote(o.home)}`,
    `ARCHITECT_DB=${shellQuote(o.dbPath)}`,
    `ARCHITECT_SESSION=${shellQuote(o.session)}`,
    shellQuote(o.node),
    shellQuote(o.cliMain),
    'hook',
  ].join(' ');
}

type HookSettings = { hooks: Record<string, unknown[]> };

function settingsFor(hook: (event: (typeof HOOK_EVENTS)[number]) => Record<string, unknown>): HookSettings {
  const hooks: Record<string, unknown[]> = {};
  for (const event of HOOK_EVENTS) {
    const group: Record<string, unknown> = { hooks: [hook(event)] };
    if (MATCHED.has(event)) group.matcher = '*';
    hooks[event] = [group];
  }
  return { hooks };
}

export function hookSettings(command: string, timeoutSeconds: number): HookSettings {
  return settingsFor(() => ({ type: 'command', command, timeout: timeoutSeconds }));
}

export interface HttpHookOptions {
  port: number;
  session: string;
  /** Events answered at once (everything but PermissionRequest). */
  eventTimeoutSeconds: number;
  permissionTimeoutSeconds: number;
}

/**
 * Claude POSTs each event to the loopback receiver itself: no process per event. The secret goes
 * in a header Claude fills from the environment (only variables listed in allowedEnvVars are
 * resolved): the file holds the variable's name, never its value.
 */
export function httpHookSettings(o: HttpHookOptions): HookSettings {
  return settingsFor((event) => ({
    type: 'http',
    url: hookUrl(o.port, o.session),
    headers: { Authorization: `Bearer $${HOOK_TOKEN_ENV}` },
    allowedEnvVars: [HOOK_TOKEN_ENV],
    timeout: event === 'PermissionRequest' ? o.permissionTimeoutSeconds : o.eventTimeoutSeconds,
  }));
}

export function commandHookSettings(o: HookCommandOptions, timeoutSeconds: number): HookSettings {
  return hookSettings(hookCommand(o), timeoutSeconds);
}

/**
 * Write $ARCHITECT_HOME/data/hooks/<session>.settings.json, which `claude --settings <file>` layers
 * over the user's own settings: the user's ~/.claude and the repository's .claude are never
 * touched. Written atomically (temp file + rename) so a starting Claude never reads half a file.
 */
export function writeHookSettings(hooksDir: string, session: string, settings: HookSettings): string {
  fs.mkdirSync(hooksDir, { recursive: true });
  const file = hookSettingsPath(hooksDir, session);
  const tmp = path.join(hooksDir, `.${session}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}
