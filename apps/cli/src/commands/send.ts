import type { Command } from 'commander';
import { ValidationError, providers } from '@architect/core';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { choiceArg, intArg } from '../parseArgs';
import { queuePrompt } from '../queuePrompt';
import { readPromptText } from '../readText';
import { requireMigrated } from '../requireMigrated';

interface SendOptions {
  target?: string;
  provider?: string;
  specialty?: string;
  priority?: number;
  timeoutMinutes?: number;
  timeoutSeconds?: number;
  lock?: string[];
  maxAttempts?: number;
  source?: string;
  json?: boolean;
}

const SOURCE_RE = /^[a-z][a-z0-9_-]*(?::[A-Za-z0-9_.-]+)?$/;

export function registerSend(program: Command, ctx: CliContext): void {
  program
    .command('send')
    .description('queue a prompt for the first free agent that may take it (text "-" reads stdin)')
    .argument('<text>', 'the prompt, exactly as the agent should receive it; "-" reads it from stdin')
    .option('--target <session>', 'only this session may take it')
    .option('--provider <provider>', `only sessions of this provider (${providers.join(', ')})`, choiceArg('provider', providers))
    .option('--specialty <tag>', 'only sessions with this specialty')
    .option('--priority <n>', 'higher runs first, -100..100 (default 0)', intArg('priority', -100, 100))
    .option('--timeout-minutes <m>', 'per attempt, 1..1440 (default 30)', intArg('timeout-minutes', 1, 1440))
    .option('--timeout-seconds <s>', 'per attempt, overrides --timeout-minutes (1..86400)', intArg('timeout-seconds', 1, 86_400))
    .option('--lock <path...>', 'files or globs to lock for the agent while it works (repeatable)')
    .option('--max-attempts <n>', 'attempts before it goes to lost and found, 1..20 (default 3)', intArg('max-attempts', 1, 20))
    .option('--source <source>', 'who is asking: cli, api, orchestrator, session:<name> … (default cli, or session:$ARCHITECT_SESSION)')
    .option('--json', 'print {"prompt_id": N}')
    .addHelpText('after', '\nText starting with a dash: architect send -- "-rf is not what I meant"')
    .action((arg: string, opts: SendOptions) => {
      const content = readPromptText(arg);
      const source = opts.source ?? (ctx.env.ARCHITECT_SESSION ? `session:${ctx.env.ARCHITECT_SESSION}` : 'cli');
      if (!SOURCE_RE.test(source)) throw new ValidationError(`--source must look like "cli" or "session:<name>", got "${source}"`);
      const id = queuePrompt(() => requireMigrated(ctx), ctx.config().file, { ...opts, content }, source, ctx.clock.now());
      if (opts.json) printJson({ prompt_id: id });
      else process.stdout.write(`queued prompt ${id}\n`);
    });
}
