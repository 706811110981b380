import fs from 'node:fs';
import path from 'node:path';
import { sessionPaths } from '../paths';
import type { HookDeps } from './handleHookEvent';
import { permissionHookStdout, validDecision, type PermissionDecision } from './permissionOutput';
import { readBounded } from './readStdin';
import { recordHookLocally } from './recordHookLocally';

/** Claude waits for the hook; Architect's part must be over long before Claude's own timeout. */
export const HOOK_TIME_BUDGET_MS = 2000;
export const HOOK_STDIN_MAX_BYTES = 1024 * 1024;

export interface RunHookOptions {
  env: NodeJS.ProcessEnv;
  /** ARCHITECT_HOME when the environment does not set it (the repository root). */
  defaultHome: string;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Called when the time budget runs out (the process entry exits 0 there). */
  onTimeout: () => void;
  decidePermission?: HookDeps['decidePermission'];
  /**
   * Extension point for auto-confirm's daemon: hand a PermissionRequest to a process that
   * records and decides it (`handled`), before this one loads the database. Not handled means
   * nothing was recorded there, and the event goes the local way (database + decidePermission).
   */
  delegatePermission?: (payload: Record<string, unknown>, envSession: string | undefined) => Promise<DelegatedPermission>;
  budgetMs?: number;
}

export type DelegatedPermission =
  | { handled: true; decision: PermissionDecision | null; warnings: string[] }
  | { handled: false; reason: string; quiet: boolean };

/**
 * The same rule as parseEnv in @architect/core (kept here so the hook path does not load the
 * config schema): ARCHITECT_HOME, else the repository root; ARCHITECT_DB relative to it.
 */
export function hookPaths(env: NodeJS.ProcessEnv, defaultHome: string): { home: string; dbPath: string } {
  const home = path.resolve(env.ARCHITECT_HOME || defaultHome);
  return { home, dbPath: path.resolve(home, env.ARCHITECT_DB || path.join('data', 'architect.db')) };
}

/**
 * `architect hook`: one event as JSON on stdin → recorded within milliseconds. It runs inside
 * the agent's turn, so it must never block or fail the agent: a hard time budget, bounded stdin,
 * every problem reported on stderr and swallowed, and the exit code is always 0. Stdout stays
 * empty unless a permission decision is returned.
 */
export async function runHook(opts: RunHookOptions): Promise<0> {
  const warn = (message: string) => {
    try {
      opts.stderr.write(`architect hook: ${message}\n`);
    } catch {
      // stderr closed: nothing more we can do
    }
  };
  const timer = setTimeout(() => {
    warn(`time budget of ${opts.budgetMs ?? HOOK_TIME_BUDGET_MS} ms exceeded; giving up`);
    opts.onTimeout();
  }, opts.budgetMs ?? HOOK_TIME_BUDGET_MS);
  try {
    const { text, truncated } = await readBounded(opts.stdin, HOOK_STDIN_MAX_BYTES);
    if (truncated) {
      warn(`hook input larger than ${HOOK_STDIN_MAX_BYTES} bytes; ignored`);
      return 0;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      warn(`hook input is not valid JSON (${(err as Error).message}); ignored`);
      return 0;
    }
    const { home, dbPath } = hookPaths(opts.env, opts.defaultHome);
    // Never create a database from inside an agent's hook: no file means Architect is not set up.
    if (!fs.existsSync(dbPath)) {
      warn(`no database at ${dbPath}; event ignored`);
      return 0;
    }
    if (opts.delegatePermission && isPermissionRequest(raw)) {
      const answer = await opts.delegatePermission(raw, opts.env.ARCHITECT_SESSION).catch(
        (err: unknown): DelegatedPermission => ({ handled: false, reason: (err as Error).message, quiet: false }),
      );
      if (answer.handled) {
        for (const w of answer.warnings) warn(w);
        const decision = validDecision(answer.decision);
        if (decision) opts.stdout.write(`${permissionHookStdout(decision)}\n`);
        return 0;
      }
      if (!answer.quiet) warn(`auto-confirm daemon did not answer (${answer.reason}); deciding here`);
    }
    // Only this opens the database (and loads better-sqlite3): a delegated event never does.
    const outcome = await recordHookLocally(
      {
        dbPath,
        panesDir: sessionPaths(home).panesDir,
        envSession: opts.env.ARCHITECT_SESSION,
        warn,
        ...(opts.decidePermission ? { decidePermission: opts.decidePermission } : {}),
      },
      raw,
    );
    if (outcome.stdout) opts.stdout.write(`${outcome.stdout}\n`);
  } catch (err) {
    warn(`failed to record the event: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  return 0;
}

function isPermissionRequest(raw: unknown): raw is Record<string, unknown> {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && (raw as Record<string, unknown>).hook_event_name === 'PermissionRequest';
}
