export * from './handleHookEvent';
export * from './runHook';
export * from './boundPayload';
export * from './readStdin';
