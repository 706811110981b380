import { Command } from 'commander';
import { VERSION } from '@architect/core';
import type { CliContext } from './context';
import { registerDb } from './commands/db';
import { registerWorkers } from './commands/workers';
import { registerStatus } from './commands/status';
import { registerSend } from './commands/send';
import { registerPrompts } from './commands/prompts';
import { registerLocks } from './commands/locks';
import { registerTasks } from './commands/tasks';
import { registerApprovals } from './commands/approvals';
import { registerSessions } from './commands/sessions';
import { registerHook } from './commands/hook';
import { registerHealth } from './commands/health';
import { registerMaintenance } from './commands/maintenance';
import { registerSms } from './commands/sms';
import { registerAlerts } from './commands/alerts';
import { registerDashboard } from './commands/dashboard';
import { registerPolicy } from './commands/policy';
import { registerTerminal } from './commands/terminal';
import { registerSecrets } from './commands/secrets';
import { registerProjects } from './commands/projects';
import { registerWorkItems } from './commands/workItems';
import { registerImportLegacy } from './commands/importLegacy';
import { registerMilestones } from './commands/milestones';
import { registerPlans } from './commands/plans';
import { registerSuggestions } from './commands/suggestions';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('architect')
    .description('Run a fleet of AI coding agents in tmux: queue prompts, approve safely, run tasks.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // Every subcommand inherits exit-override so usage errors surface as CommanderError (exit 2).
  program.exitOverride();

  registerDb(program, ctx);
  registerWorkers(program, ctx);
  registerStatus(program, ctx);
  registerSend(program, ctx);
  registerPrompts(program, ctx);
  registerLocks(program, ctx);
  registerTasks(program, ctx);
  registerApprovals(program, ctx);
  registerSessions(program, ctx);
  registerHook(program, ctx);
  registerHealth(program, ctx);
  registerMaintenance(program, ctx);
  registerSms(program, ctx);
  registerAlerts(program, ctx);
  registerDashboard(program, ctx);
  registerPolicy(program, ctx);
  registerTerminal(program, ctx);
  registerSecrets(program, ctx);
  registerProjects(program, ctx);
  registerWorkItems(program, ctx);
  registerImportLegacy(program, ctx);
  registerMilestones(program, ctx);
  registerPlans(program, ctx);
  registerSuggestions(program, ctx);

  applyExitOverride(program);
  return program;
}

function applyExitOverride(cmd: Command): void {
  for (const sub of cmd.commands) {
    sub.exitOverride();
    sub.showHelpAfterError('(run with --help for usage)');
    applyExitOverride(sub);
  }
}
