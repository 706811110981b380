export * from './answerOption';
export * from './answerPermissionHook';
export * from './decideRequest';
export * from './dialogIdentity';
export * from './hookDecider';
export * from './loadPolicy';
export * from './permissionRequests';
export * from './protectedPaths';
