// The real queue code the task-queue benchmark drives, bundled by bundleForNode (the bench is
// plain .mjs). Relative imports: the bundle is built from the workspace sources.
export { createDb } from '../../../packages/db/src/createDb';
export { migrate } from '../../../packages/db/src/migrate';
export { enqueueTasks } from '../../../packages/db/src/queries/taskEnqueue';
export { claimTask } from '../../../packages/db/src/queries/taskClaim';
export { completeTask } from '../../../packages/db/src/queries/taskFinish';
export { listWorkers } from '../../../packages/db/src/queries/workers';
