import fs from 'node:fs';

/**
 * Delete a test's temp directory. Processes that die with a killed tmux server (fake agents,
 * pipe-pane `cat`s) can still append to files inside it for a moment, so a failing rmdir is
 * retried for a few seconds; a directory that still cannot go is left in /tmp with a warning —
 * a leftover temp file is not the behaviour under test.
 */
export function removeDir(dir: string): void {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        process.stderr.write(`warning: could not remove ${dir}: ${(err as Error).message}\n`);
        return;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}
