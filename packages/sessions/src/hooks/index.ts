// `@architect/sessions/hook`: what `architect hook` loads before it knows it needs the database.
// Nothing here may import the database layer (better-sqlite3): handleHookEvent and the local
// recording are loaded on demand by runHook, and exported from the package's main entry.
export * from './runHook';
export * from './readStdin';
export * from './permissionOutput';
export type { HookDeps, HookEvent, HookOutcome } from './handleHookEvent';
