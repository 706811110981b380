// The real health code the health benchmark drives, bundled by bundleForNode (the bench is plain .mjs).
export { createDb } from '../../../packages/db/src/createDb';
export { migrate } from '../../../packages/db/src/migrate';
export { registerWorker } from '../../../packages/db/src/queries/workers';
export { syncConfiguredSessions } from '../../../packages/db/src/queries/sessionSync';
export { healthSchema } from '../../../packages/core/src/config/sections/health';
export { silentLogger } from '../../../packages/core/src/logger';
export { TmuxDriver } from '../../../packages/tmux/src/driver/tmuxDriver';
export { HealthMonitor } from '../../../packages/health/src/healthMonitor';
export { Pm2RpcReader } from '../../../packages/health/src/checks/pm2Check';
