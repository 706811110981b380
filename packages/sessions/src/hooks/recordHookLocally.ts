import { openSqlite } from '@architect/db/lite';
import { handleHookEvent, type HookDeps, type HookOutcome } from './handleHookEvent';

export interface RecordLocallyOptions {
  dbPath: string;
  panesDir: string;
  envSession: string | undefined;
  warn: (message: string) => void;
  decidePermission?: HookDeps['decidePermission'];
}

/**
 * The hook process records the event in the database itself (and, for a PermissionRequest, asks
 * the local decider). Opening the database is what loads better-sqlite3 (openSqlite requires it
 * on first use), so a PermissionRequest the daemon answered never loads it.
 */
export async function recordHookLocally(opts: RecordLocallyOptions, raw: unknown): Promise<HookOutcome> {
  // A short busy timeout: a writer holding the lock for long must not eat the time budget.
  const db = openSqlite({ path: opts.dbPath, busyTimeoutMs: 1000 });
  try {
    return await handleHookEvent(
      {
        db,
        now: () => Date.now(),
        envSession: opts.envSession,
        panesDir: opts.panesDir,
        warn: opts.warn,
        ...(opts.decidePermission ? { decidePermission: opts.decidePermission } : {}),
      },
      raw,
    );
  } finally {
    db.close();
  }
}
