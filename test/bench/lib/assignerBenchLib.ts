// The query code the assigner bench needs, bundled for a plain node process (bundleForNode).
export { createDb, enqueuePrompt, migrate } from '@architect/db';
