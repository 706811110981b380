import type { Command } from 'commander';
import { hookMain } from '../hookMain';
import type { CliContext } from '../context';

/**
 * Registered for `--help` and for callers that go through commander; `main.ts` sends a plain
 * `architect hook` straight to hookMain so the hook never pays for the rest of the CLI.
 */
export function registerHook(program: Command, ctx: CliContext): void {
  program
    .command('hook')
    .description('record one Claude Code hook event read as JSON on stdin (installed by `sessions up`; always exits 0)')
    .action(async () => {
      process.exitCode = await hookMain(ctx.env);
    });
}
