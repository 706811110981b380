export * from './sessions';
export * from './prompts';
export * from './tasks';
export * from './planning';
export * from './ops';
