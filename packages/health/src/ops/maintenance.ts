import { abortableSleep, type RetentionDays } from '@architect/core';
import { countPastRetention, deletePastRetentionBatch, immediate, retentionRules, type RetentionTable, type SqliteConn } from '@architect/db';

const DAY_MS = 86_400_000;

export interface MaintenanceOptions {
  now: number;
  retentionDays: RetentionDays;
  batchSize: number;
  vacuum: 'auto' | 'always' | 'never';
  dryRun: boolean;
  /** Pause between delete batches so waiting daemons get the write lock. */
  pauseMs?: number;
}

export interface TableRetention {
  table: string;
  days: number;
  cutoff: number;
  /** Deleted rows, or the rows a dry run would delete. */
  rows: number;
}

export interface MaintenanceResult {
  dry_run: boolean;
  tables: TableRetention[];
  checkpoint: { busy: number; log: number; checkpointed: number } | null;
  vacuum: { ran: boolean; mode: string; reason: string; bytes_before: number; bytes_after: number };
  integrity: { ok: boolean; problems: string[] };
  duration_ms: number;
}

function pageBytes(db: SqliteConn): { total: number; free: number } {
  const size = db.sqlite.pragma('page_size', { simple: true }) as number;
  const pages = db.sqlite.pragma('page_count', { simple: true }) as number;
  const free = db.sqlite.pragma('freelist_count', { simple: true }) as number;
  return { total: pages * size, free: free * size };
}

/**
 * Retention by age per table (bounded batches, each its own short transaction), then a TRUNCATE
 * checkpoint, VACUUM when worth it, and a full integrity_check. A dry run counts what would go and
 * changes nothing (the integrity check, read-only, still runs).
 */
export async function runMaintenance(db: SqliteConn, opts: MaintenanceOptions): Promise<MaintenanceResult> {
  const started = performance.now();
  const tables: TableRetention[] = [];
  for (const key of Object.keys(retentionRules) as RetentionTable[]) {
    const days = opts.retentionDays[key];
    const cutoff = opts.now - days * DAY_MS;
    let rows = 0;
    if (opts.dryRun) rows = countPastRetention(db, key, cutoff);
    else {
      for (;;) {
        const n = immediate(db, () => deletePastRetentionBatch(db, key, cutoff, opts.batchSize));
        rows += n;
        if (n < opts.batchSize) break;
        await abortableSleep(opts.pauseMs ?? 5);
      }
    }
    tables.push({ table: retentionRules[key].table, days, cutoff, rows });
  }

  let checkpoint: MaintenanceResult['checkpoint'] = null;
  const before = pageBytes(db);
  let vacuum: MaintenanceResult['vacuum'] = { ran: false, mode: opts.vacuum, reason: 'dry run', bytes_before: before.total, bytes_after: before.total };
  if (!opts.dryRun) {
    const cp = db.sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    checkpoint = cp[0] ?? null;
    vacuum = runVacuum(db, opts.vacuum, before);
  }
  const rows = db.sqlite.pragma('integrity_check') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  return { dry_run: opts.dryRun, tables, checkpoint, vacuum, integrity: { ok: problems.length === 0, problems }, duration_ms: Math.round(performance.now() - started) };
}

function runVacuum(db: SqliteConn, mode: MaintenanceOptions['vacuum'], before: { total: number; free: number }): MaintenanceResult['vacuum'] {
  const result = (ran: boolean, reason: string) => ({ ran, mode, reason, bytes_before: before.total, bytes_after: pageBytes(db).total });
  if (mode === 'never') return result(false, 'vacuum disabled');
  // auto_vacuum = INCREMENTAL (2): give the free pages back without rewriting the file.
  if (db.sqlite.pragma('auto_vacuum', { simple: true }) === 2) {
    db.sqlite.pragma('incremental_vacuum');
    return result(true, 'incremental');
  }
  // VACUUM rewrites the whole file and holds the write lock while it does: only when a fifth of
  // the file is free pages (or when asked to always).
  if (mode === 'auto' && before.free < before.total * 0.2) return result(false, `${Math.round((before.free / Math.max(1, before.total)) * 100)}% free pages, under 20%`);
  db.sqlite.exec('VACUUM');
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return result(true, mode === 'always' ? 'always' : 'over 20% free pages');
}
