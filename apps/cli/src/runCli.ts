import { CommanderError } from 'commander';
import { ArchitectError, ConfigError, UsageError, toError } from '@architect/core';
import { CliContext } from './context';
import { buildProgram } from './program';

/**
 * Exit codes (SPEC §10): 0 ok, 2 bad usage (unknown flag, malformed value, non-numeric id),
 * 1 any other failure. Messages go to stderr; stdout carries only the command's output.
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ctx = new CliContext(env);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (raw) {
    if (raw instanceof CommanderError) {
      // help and version "errors" are successful exits; commander already printed the message.
      if (raw.code === 'commander.helpDisplayed' || raw.code === 'commander.version' || raw.code === 'commander.help') return 0;
      return 2;
    }
    const err = toError(raw);
    if (err instanceof UsageError) {
      process.stderr.write(`architect: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`architect: ${err.message}\n`);
      return 1;
    }
    if (err instanceof ArchitectError) {
      process.stderr.write(`architect: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`architect: unexpected error: ${err.stack ?? err.message}\n`);
    return 1;
  } finally {
    ctx.close();
  }
}
