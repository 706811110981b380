// The real queue code the task-queue benchmark drives, bundled by bundleForNode (the bench is
// plain .mjs). Relative imports: the bundle is built from the workspace sources.
export { createDb } from '../../../packages/db/src/createDb';
export { migrate } from '../../../packages/db/src/migrate';
export { claimTask, completeTask, enqueueTasks } from '../../../packages/db/src/queries/tasks';
export { listWorkers } from '../../../packages/db/src/queries/workers';
