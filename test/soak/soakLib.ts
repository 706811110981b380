// The query code the soak needs, bundled for a plain node process (bundleForNode).
export { createDb, enqueuePrompt, migrate } from '@architect/db';
export { enqueueTasks } from '../../packages/db/src/queries/taskEnqueue';
