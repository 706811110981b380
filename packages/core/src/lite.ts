/**
 * Errors and the config loader without the logger (pino), loops and lifecycle: for processes that
 * start many times a minute (`architect hook` answering a PermissionRequest) and must not pay for
 * loading what they do not use. Everything here is also exported by the main entry.
 */
export * from './errors';
export * from './config/env';
export * from './config/load';
export * from './config/schema';
export * from './config/sections/sessions';
export * from './config/sections/daemons';
export * from './config/sections/health';
