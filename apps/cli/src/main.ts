#!/usr/bin/env node
// `architect hook` runs inside every agent turn: it skips commander, config and logging entirely.
if (process.argv[2] === 'hook' && process.argv.length === 3) {
  const { hookMain } = await import('./hookMain');
  process.exitCode = await hookMain();
} else {
  const { exitQuietlyOnClosedPipe } = await import('./closedPipe');
  exitQuietlyOnClosedPipe(process.stdout);
  const { runCli } = await import('./runCli');
  process.exitCode = await runCli(process.argv);
}
export {};
