import type { Command } from 'commander';
import { KILL_SWITCH_KEY, killSwitchState } from '@architect/approvals';
import { listApprovals, writeFlag } from '@architect/db';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { choiceArg, intArg } from '../parseArgs';
import { requireMigrated } from '../requireMigrated';

export function registerApprovals(program: Command, ctx: CliContext): void {
  const approvals = program
    .command('approvals')
    .description('recent auto-confirm decisions (approve / deny / escalate), newest first')
    .option('--json', 'print as a JSON array')
    .option('--limit <n>', 'how many decisions', intArg('--limit', 1, 10_000), 50)
    .option('--session <name>', 'only this session')
    .action((opts: { json?: boolean; limit: number; session?: string }) => {
      const rows = listApprovals(requireMigrated(ctx), { limit: opts.limit, ...(opts.session ? { session: opts.session } : {}) });
      if (opts.json) {
        return printJson(
          rows.map((r) => ({
            id: r.id,
            session: r.session,
            outcome: r.outcome,
            via: r.via,
            tool: r.tool,
            command: r.command,
            rule: r.rule,
            screen_hash: r.screenHash,
            details: r.details,
            created_at: r.createdAt,
          })),
        );
      }
      printTable(
        rows.map((r) => ({
          time: new Date(r.createdAt).toISOString().replace('T', ' ').slice(0, 19),
          session: r.session,
          outcome: r.outcome,
          via: r.via,
          tool: r.tool,
          command: r.command,
          rule: r.rule,
        })),
        ['time', 'session', 'outcome', 'via', 'tool', 'command', 'rule'],
      );
    });

  approvals
    .command('kill-switch')
    .description('stop (on) or resume (off) all automatic approving at once; no argument shows the state')
    .argument('[state]', 'on | off', choiceArg('state', ['on', 'off'] as const))
    .option('--json', 'print the state as JSON')
    .action((state: 'on' | 'off' | undefined, opts: { json?: boolean }) => {
      const db = requireMigrated(ctx);
      if (state) writeFlag(db, KILL_SWITCH_KEY, state === 'on', ctx.clock.now());
      const s = killSwitchState(db, ctx.config().file.autoConfirm);
      // `approvals kill-switch --json`: commander hands --json to the parent command.
      if (opts.json || approvals.opts<{ json?: boolean }>().json) return printJson({ kill_switch: s.on ? 'on' : 'off', source: s.source ?? null });
      process.stdout.write(s.on ? `kill switch ON (${s.source}): nothing is approved automatically\n` : 'kill switch off: auto-confirm answers by policy\n');
    });
}
