import type { Command } from 'commander';
import { ConflictError, NotFoundError } from '@architect/core';
import { ackAlert, getAlert, listAlerts, type Alert } from '@architect/db';
import { redactSecrets } from '@architect/notify';
import type { CliContext } from '../context';
import { idArg, intArg } from '../parseArgs';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

// Messages can quote an agent's command; what the CLI prints is redacted like an SMS.
const asJson = (a: Alert) => ({
  id: a.id,
  kind: a.kind,
  session: a.sessionName,
  message: redactSecrets(a.message),
  created_at: a.createdAt,
  notified_at: a.notifiedAt,
  sms_message_id: a.smsMessageId,
  acknowledged_at: a.acknowledgedAt,
});

function state(a: Alert): string {
  if (a.acknowledgedAt) return 'acked';
  if (a.notifiedAt === null) return 'pending';
  return a.smsMessageId === null ? 'repeat' : `sent #${a.smsMessageId}`;
}

export function registerAlerts(program: Command, ctx: CliContext): void {
  const alerts = program.command('alerts').description('what a human should know: escalations, exited or stuck sessions, health changes, lost prompts');

  alerts
    .command('list')
    .description('the newest alerts, with whether they were texted and acknowledged')
    .option('--open', 'only alerts not acknowledged yet')
    .option('--limit <n>', 'how many', intArg('--limit', 1, 1000), 50)
    .option('--json', 'print as a JSON array')
    .action((opts: { open?: boolean; limit: number; json?: boolean }) => {
      const rows = listAlerts(requireMigrated(ctx), { limit: opts.limit, unacknowledged: opts.open });
      if (opts.json) return printJson(rows.map(asJson));
      printTable(
        rows.map((a) => ({
          id: a.id,
          kind: a.kind,
          session: a.sessionName ?? '-',
          state: state(a),
          created: new Date(a.createdAt).toISOString(),
          message: redactSecrets(a.message).replace(/\s+/g, ' ').slice(0, 80),
        })),
        ['id', 'kind', 'session', 'state', 'created', 'message'],
      );
    });

  alerts
    .command('ack')
    .description('acknowledge an alert: its next occurrence is texted again at once (not held as a repeat)')
    .argument('<id>', 'alert id', idArg)
    .option('--json', 'print the result as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      const db = requireMigrated(ctx);
      if (!ackAlert(db, id, ctx.clock.now())) {
        const a = getAlert(db, id);
        if (!a) throw new NotFoundError('alert', id);
        throw new ConflictError(`alert ${id} was already acknowledged`, { id, acknowledged_at: a.acknowledgedAt });
      }
      if (opts.json) printJson({ alert_id: id, acknowledged: true });
      else process.stdout.write(`acknowledged alert ${id}\n`);
    });
}
