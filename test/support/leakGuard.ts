import { afterEach, expect } from 'vitest';

/**
 * Every fixture that starts something (tmux server, PM2 daemon, child process, loop) registers a
 * disposer here and unregisters it when the test stops it. After each test, anything still
 * registered is a leak: it is cleaned up, then the test fails so the leak gets fixed.
 */
const live = new Map<number, { what: string; dispose: () => unknown }>();
let nextId = 1;

export function trackResource(what: string, dispose: () => unknown): () => void {
  const id = nextId++;
  live.set(id, { what, dispose });
  return () => {
    live.delete(id);
  };
}

afterEach(async () => {
  // Let the event loop reach its poll phase between tests. A file of synchronous tests (policy
  // tables, CLI runs through spawnSync) otherwise never reads the runner's replies, and vitest's
  // fixed 60 s worker RPC timeout ("Timeout calling onTaskUpdate") fails a run whose every test
  // passed. setImmediate runs after the poll phase, so pending replies are read first.
  await new Promise((resolve) => setImmediate(resolve));
  if (live.size === 0) return;
  const leaked = [...live.values()];
  live.clear();
  for (const r of leaked) {
    try {
      await r.dispose();
    } catch {
      // best effort: the failure below is what matters
    }
  }
  expect.fail(`test leaked: ${leaked.map((r) => r.what).join(', ')}`);
});
