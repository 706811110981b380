import type { SqliteConn } from '@architect/db/lite';

type Prepare = SqliteConn['sqlite']['prepare'];

/**
 * The hook connection runs the same dozen statements for every event (lease, kill switch, rate
 * limit, interactions, hook_events, session state), and the query modules prepare them on each
 * call: parsing SQL was the largest share of the daemon's CPU per PermissionRequest. This
 * connection keeps each prepared statement and hands it out again. Safe here because nothing on
 * it iterates a statement or switches its mode (pluck/raw/expand), so two callers can never see
 * one statement in a different state; dynamic SQL is bounded by the cap.
 */
export function withStatementCache(conn: SqliteConn, max = 256): SqliteConn {
  const prepare = conn.sqlite.prepare.bind(conn.sqlite) as Prepare;
  const cache = new Map<string, ReturnType<Prepare>>();
  conn.sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = prepare(source);
      if (cache.size < max) cache.set(source, stmt);
    }
    return stmt;
  }) as Prepare;
  return conn;
}
