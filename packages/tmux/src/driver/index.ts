export * from './errors';
export * from './names';
export * from './sessionList';
export * from './tmuxDriver';
