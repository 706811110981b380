// Child side of run.mjs: import one bench file, run its default export, send the metrics back.
import { pathToFileURL } from 'node:url';

const file = process.argv[2];
let message;
try {
  const mod = await import(pathToFileURL(file).href);
  message = { metrics: await mod.default() };
} catch (err) {
  message = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
process.send(message, () => process.exit(0));
