import fs from 'node:fs';
import path from 'node:path';
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

export function hookSettings(command: string, timeoutSeconds: number): { hooks: Record<string, unknown[]> } {
  const hooks: Record<string, unknown[]> = {};
  for (const event of HOOK_EVENTS) {
    const group: Record<string, unknown> = { hooks: [{ type: 'command', command, timeout: timeoutSeconds }] };
    if (MATCHED.has(event)) group.matcher = '*';
    hooks[event] = [group];
  }
  return { hooks };
}

/**
 * Write $ARCHITECT_HOME/data/hooks/<session>.settings.json, which `claude --settings <file>` layers
 * over the user's own settings: the user's ~/.claude and the repository's .claude are never
 * touched. Written atomically (temp file + rename) so a starting Claude never reads half a file.
 */
export function writeHookSettings(hooksDir: string, o: HookCommandOptions, timeoutSeconds: number): string {
  fs.mkdirSync(hooksDir, { recursive: true });
  const file = hookSettingsPath(hooksDir, o.session);
  const tmp = path.join(hooksDir, `.${o.session}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(hookSettings(hookCommand(o), timeoutSeconds), null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}
