import fs from 'node:fs';
import path from 'node:path';
import type { SqliteConn } from '@architect/db';
import { TmuxServerNotRunningError, type TmuxDriver } from '@architect/tmux';
import type { CheckSample } from '../sample';

const MB = 1024 * 1024;

/** The tmux server the sessions live on answers. Without sessions configured, no server is fine. */
export async function tmuxCheck(driver: TmuxDriver, sessionsConfigured: number): Promise<CheckSample> {
  const where = driver.socket ? `socket ${driver.socket}` : 'the default socket';
  try {
    const list = await driver.listSessions();
    return { name: 'tmux', status: 'ok', message: `tmux answers on ${where} (${list.length} sessions)`, value: list.length, critical: true };
  } catch (err) {
    if (err instanceof TmuxServerNotRunningError && sessionsConfigured === 0) {
      return { name: 'tmux', status: 'ok', message: `no tmux server on ${where} (no sessions configured)`, value: 0, critical: true };
    }
    const why = err instanceof TmuxServerNotRunningError ? 'not running' : (err as Error).message;
    return { name: 'tmux', status: 'fail', message: `tmux server on ${where} ${why}`, critical: true };
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Database and WAL size: a WAL that keeps growing means checkpoints are starved by a long reader. */
export function sizeChecks(dbPath: string, opts: { dbWarnMb: number; walWarnMb: number; walFailMb: number }): CheckSample[] {
  const db = fileSize(dbPath);
  const wal = fileSize(`${dbPath}-wal`);
  const dbMb = db / MB;
  const walMb = wal / MB;
  return [
    {
      name: 'db-size',
      status: dbMb > opts.dbWarnMb ? 'warn' : 'ok',
      message: `database ${dbMb.toFixed(1)} MB${dbMb > opts.dbWarnMb ? ` (over ${opts.dbWarnMb} MB: run architect maintenance)` : ''}`,
      value: db,
    },
    {
      name: 'wal-size',
      status: walMb > opts.walFailMb ? 'fail' : walMb > opts.walWarnMb ? 'warn' : 'ok',
      message: `WAL ${walMb.toFixed(1)} MB${walMb > opts.walWarnMb ? ' (checkpoints are not keeping up)' : ''}`,
      value: wal,
    },
  ];
}

/** PRAGMA quick_check: O(database size) but skips index cross-checks; corruption makes the suite DOWN. */
export function quickCheck(db: SqliteConn): CheckSample {
  const rows = db.sqlite.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  return problems.length === 0
    ? { name: 'database', status: 'ok', message: 'database quick_check ok', critical: true }
    : { name: 'database', status: 'fail', message: `database quick_check: ${problems.join('; ')}`, critical: true, details: { problems } };
}

/** Free space of the file system holding the database (what SQLite and the WAL need to grow). */
export async function diskCheck(dbPath: string, opts: { warnPercent: number; failPercent: number }): Promise<CheckSample> {
  const s = await fs.promises.statfs(path.dirname(dbPath));
  const total = s.blocks * s.bsize;
  const free = s.bavail * s.bsize;
  const pct = total > 0 ? (free / total) * 100 : 0;
  const status = pct < opts.failPercent ? 'fail' : pct < opts.warnPercent ? 'warn' : 'ok';
  const gb = free / (1024 * MB);
  return {
    name: 'disk',
    status,
    message: `disk ${pct < 10 ? pct.toFixed(1) : Math.round(pct)}% free (${gb.toFixed(1)} GB)`,
    value: pct,
    details: { freeBytes: free, totalBytes: total, dir: path.dirname(dbPath) },
    critical: true,
  };
}
