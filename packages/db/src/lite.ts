/**
 * The database without drizzle, the schema objects or the rest of the query modules: for
 * processes that start many times a minute (`architect hook` runs inside every agent turn) and
 * must not pay for loading what they do not use. Everything here is also exported by the main
 * entry.
 */
export { openSqlite, immediate, type SqliteConn, type CreateDbOptions } from './openSqlite';
export { findRepoRoot } from './paths';
export * from './queries/hookEvents';
export type { StateWrite } from './queries/sessionState';
export type { SessionRow } from './queries/sessionRead';
export * from './queries/approvals';
export * from './queries/settingsLease';
