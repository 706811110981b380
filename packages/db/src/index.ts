export * as schema from './schema';
export * from './schema';
export * from './createDb';
export * from './migrate';
export * from './paths';
export * from './queries/workers';
export * from './workerRegistration';
export * from './queries/status';
