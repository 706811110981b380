import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ArchitectError, applySmsEnv, applySmsVault, type SmsConfig } from '@architect/core';
import { claimSmsById, enqueueSmsTx, getSms, listSms, vaultKeySourceOf, vaultLookup, type SmsMessage } from '@architect/db';
import { chooseTransport, deliverClaimed, localClock, redactSecrets } from '@architect/notify';
import type { CliContext } from '../context';
import { collect, intArg } from '../parseArgs';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

function phoneArg(value: string, previous: string[] = []): string[] {
  if (!/^\+[1-9]\d{6,14}$/.test(value)) throw new InvalidArgumentError(`--to must be an E.164 number like +15551234567, got "${value}"`);
  return collect(value, previous);
}

/** The test message did not go out (failed, or waiting for a retry). Exit code 1. */
export class SmsTestFailed extends ArchitectError {
  constructor(m: SmsMessage) {
    super('SMS_TEST_FAILED', `test message ${m.id} ${m.status}${m.error ? `: ${m.error}` : ''}`, { id: m.id, status: m.status });
  }
}

const asJson = (m: SmsMessage) => ({
  id: m.id,
  kind: m.kind,
  status: m.status,
  transport: m.transport,
  recipients: m.recipients,
  sid: m.sid,
  error: m.error,
  attempts: m.attempts,
  created_at: m.createdAt,
  sent_at: m.sentAt,
  body: m.body,
});

export function registerSms(program: Command, ctx: CliContext): void {
  const sms = program.command('sms').description('SMS updates: the outbox of status messages and alerts (docs/sms.md)');

  sms
    .command('test')
    .description('queue a test message through the outbox, send it now, and report the result')
    .option('--to <number>', 'recipient (E.164, repeatable); default: sms.recipients / ARCHITECT_SMS_TO', phoneArg)
    .option('--json', 'print the outbox row as JSON')
    .action(async (opts: { to?: string[]; json?: boolean }) => {
      const db = requireMigrated(ctx);
      const config: SmsConfig = applySmsVault(applySmsEnv(ctx.config().file.sms, ctx.env), vaultLookup(db, vaultKeySourceOf(ctx.config()), 'cli:sms-test', () => ctx.clock.now()));
      const transport = await chooseTransport(config, ctx.log);
      const now = ctx.clock.now();
      const recipients = opts.to ?? config.recipients;
      const body = `Architect test message (${localClock(now, config.timeZone)} ${config.timeZone}): SMS updates work.`;
      const id = enqueueSmsTx(db, { kind: 'test', body, recipients, maxAttempts: 1, now });
      // Sent here, not left to the daemon: the command works (and reports) with no daemon running.
      // If the daemon claimed it first, its outcome is reported instead.
      const claimed = claimSmsById(db, id, { by: `cli:${process.pid}`, transport: transport.name, now: ctx.clock.now() });
      if (claimed) {
        await deliverClaimed({ db, transport, log: ctx.log, now: () => ctx.clock.now(), backoffBaseMs: config.backoffBaseMs, backoffMaxMs: config.backoffMaxMs }, claimed);
      } else {
        const deadline = Date.now() + config.requestTimeoutMs * 2;
        while (getSms(db, id)!.status === 'sending' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      }
      const row = getSms(db, id)!;
      if (opts.json) printJson(asJson(row));
      else process.stdout.write(`message ${row.id} via ${row.transport ?? transport.name}: ${row.status}${row.sid ? ` (${row.sid})` : ''}${row.error ? ` - ${row.error}` : ''}\n`);
      if (row.status !== 'sent') {
        if (opts.json) process.exitCode = 1;
        else throw new SmsTestFailed(row);
      }
    });

  sms
    .command('log')
    .description('the newest outbox messages with their status, SID or error')
    .option('--limit <n>', 'how many', intArg('--limit', 1, 1000), 20)
    .option('--json', 'print as a JSON array')
    .action((opts: { limit: number; json?: boolean }) => {
      const rows = listSms(requireMigrated(ctx), opts.limit);
      if (opts.json) return printJson(rows.map(asJson));
      printTable(
        rows.map((m) => ({
          id: m.id,
          kind: m.kind,
          status: m.status,
          via: m.transport ?? '-',
          tries: m.attempts,
          created: new Date(m.createdAt).toISOString(),
          body: redactSecrets(m.body).replace(/\s+/g, ' ').slice(0, 60),
          error: m.error ?? '',
        })),
        ['id', 'kind', 'status', 'via', 'tries', 'created', 'body', 'error'],
      );
    });
}
