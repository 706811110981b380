// `@architect/sessions/hook`: what `architect hook` loads at start. The database layer's code is
// imported (recordHookLocally) but better-sqlite3 itself only loads when a database is opened.
// handleHookEvent and the rest are exported from the package's main entry.
export * from './runHook';
export * from './readStdin';
export * from './permissionOutput';
export type { HookDeps, HookEvent, HookOutcome } from './handleHookEvent';
