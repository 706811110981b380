// Appends one JSON line per event to the --record file. Synchronous on purpose: a test
// reads the file while the fake runs, and a scripted crash must not lose the last lines.
import { appendFileSync } from 'node:fs';

export function createRecorder(file) {
  if (!file) return { record() {} };
  return {
    /** @param {string} event @param {Record<string, unknown>} [data] */
    record(event, data = {}) {
      appendFileSync(file, `${JSON.stringify({ t: Date.now(), event, ...data })}\n`);
    },
  };
}
