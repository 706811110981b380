export * from './errors';
export * from './names';
export { ControlClientLostError } from './controlClient';
export * from './sessionList';
export * from './tmuxDriver';
