import type { Command } from 'commander';
import type { CliContext } from '../context';
import { requireMigrated } from '../requireMigrated';

export function registerTerminal(program: Command, ctx: CliContext): void {
  program
    .command('terminal')
    .description('full-screen, keyboard-driven view of the fleet: sessions, needs you, queue, live screen (? for keys)')
    .action(async () => {
      const db = requireMigrated(ctx);
      // React's development build (the default without NODE_ENV) checks every render and costs
      // several times the CPU; this process is the composition root, so it chooses here.
      process.env.NODE_ENV ??= 'production';
      // Ink reads CI / CONTINUOUS_INTEGRATION when it loads and then draws nothing until exit (a
      // blank alternate screen). A terminal on both ends means a person is watching, whatever the
      // shell exported, so those two are dropped before Ink loads; without a TTY runTerminal refuses.
      if (process.stdin.isTTY && process.stdout.isTTY) {
        delete process.env.CI;
        delete process.env.CONTINUOUS_INTEGRATION;
      }
      // Loaded only here: React and Ink cost ~100 ms of start-up every other command skips.
      const { runTerminal } = await import('../terminal/runTerminal');
      process.exitCode = await runTerminal({ config: ctx.config(), db, clock: ctx.clock, log: ctx.log, env: ctx.env });
    });
}
