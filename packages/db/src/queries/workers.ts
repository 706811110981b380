import type { Db } from '../createDb';

export interface WorkerIdentity {
  name: string;
  instance: number;
  pid: number;
  host: string;
  version: string;
  heartbeatMs: number;
}

export interface WorkerRow {
  id: string;
  name: string;
  instance: number;
  pid: number;
  host: string;
  version: string;
  status: 'running' | 'stopped';
  startedAt: number;
  heartbeatAt: number;
  heartbeatMs: number;
  stoppedAt: number | null;
  restarts: number;
  info: Record<string, unknown> | null;
}

export interface WorkerView extends WorkerRow {
  heartbeatAgeMs: number;
  /** Running but silent for more than three heartbeats: the process is gone or hung. */
  stale: boolean;
}

export function workerId(name: string, instance: number, host: string): string {
  return `${name}:${instance}@${host}`;
}

/** Upsert at start: the same PM2 slot keeps its row; a new pid counts as a restart. */
export function registerWorker(db: Db, w: WorkerIdentity, now: number): string {
  const id = workerId(w.name, w.instance, w.host);
  db.sqlite
    .prepare(
      `INSERT INTO workers (id, name, instance, pid, host, version, status, started_at, heartbeat_at, heartbeat_ms, restarts)
       VALUES (@id, @name, @instance, @pid, @host, @version, 'running', @now, @now, @heartbeatMs, 0)
       ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, version = excluded.version, status = 'running',
         started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, heartbeat_ms = excluded.heartbeat_ms,
         stopped_at = NULL, restarts = workers.restarts + 1`,
    )
    .run({ ...w, id, now });
  return id;
}

/** Only the process that owns the row may beat for it (a restarted slot has a new pid). */
export function heartbeatWorker(db: Db, id: string, pid: number, now: number, info?: Record<string, unknown>): boolean {
  const r = db.sqlite
    .prepare(
      `UPDATE workers SET heartbeat_at = ?, info = coalesce(?, info), status = 'running'
       WHERE id = ? AND pid = ?`,
    )
    .run(now, info ? JSON.stringify(info) : null, id, pid);
  return r.changes === 1;
}

export function markWorkerStopped(db: Db, id: string, pid: number, now: number): boolean {
  const r = db.sqlite
    .prepare(`UPDATE workers SET status = 'stopped', stopped_at = ? WHERE id = ? AND pid = ? AND status = 'running'`)
    .run(now, id, pid);
  return r.changes === 1;
}

interface RawWorker {
  id: string;
  name: string;
  instance: number;
  pid: number;
  host: string;
  version: string;
  status: 'running' | 'stopped';
  started_at: number;
  heartbeat_at: number;
  heartbeat_ms: number;
  stopped_at: number | null;
  restarts: number;
  info: string | null;
}

export function listWorkers(db: Db, now: number): WorkerView[] {
  const rows = db.sqlite.prepare('SELECT * FROM workers ORDER BY name, instance, host').all() as RawWorker[];
  return rows.map((r) => {
    const heartbeatAgeMs = Math.max(0, now - r.heartbeat_at);
    return {
      id: r.id,
      name: r.name,
      instance: r.instance,
      pid: r.pid,
      host: r.host,
      version: r.version,
      status: r.status,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      heartbeatMs: r.heartbeat_ms,
      stoppedAt: r.stopped_at,
      restarts: r.restarts,
      info: r.info ? (JSON.parse(r.info) as Record<string, unknown>) : null,
      heartbeatAgeMs,
      stale: r.status === 'running' && heartbeatAgeMs > 3 * r.heartbeat_ms,
    };
  });
}
