import os from 'node:os';
import v8 from 'node:v8';
import { applySmsEnv, applySmsVault, runDaemon } from '@architect/core';
import { WorkerRegistration, vaultKeySourceOf, vaultLookup, bootDaemon, runMain } from '@architect/db';
import { chooseTransport } from '@architect/notify';
import { DAEMON_PREFIX, SmsUpdates } from './smsUpdates';

// twilio-node and its axios add ~14 MB to a ~76 MB daemon (measured: 90 MB resident with Twilio
// configured, idle); optimize-for-size collects sooner: 84 MB, further inside the 100 MB budget.
v8.setFlagsFromString('--optimize-for-size');

/** PM2's kill_timeout for this app is 10 s; the graceful stop must end well before it. */
const STOP_DEADLINE_MS = 8000;

async function main(): Promise<number | undefined> {
  const boot = bootDaemon('sms-updates');
  if (!boot) return 1;
  const { config, log, db, once } = boot;
  // Environment over file; the vault fills what both leave unset (TWILIO_AUTH_TOKEN, ...).
  const sms = applySmsVault(applySmsEnv(config.file.sms, process.env), vaultLookup(db, vaultKeySourceOf(config), 'sms-updates', Date.now));
  const transport = await chooseTransport(sms, log);
  log.info({ transport: transport.name, recipients: sms.recipients.length }, 'transport chosen');
  const daemon = new SmsUpdates({
    db,
    log,
    config: { ...sms, requestTimeoutMs: Math.min(sms.requestTimeoutMs, STOP_DEADLINE_MS - 2000) },
    transport,
    workerId: `${DAEMON_PREFIX}${config.instance}@${os.hostname()}:${process.pid}`,
    watch: !once,
  });

  if (once) {
    daemon.recover({ once: true });
    await daemon.drain();
    log.info(daemon.stats, 'one pass done');
    db.close();
    return 0;
  }

  const registration = new WorkerRegistration({
    db,
    name: 'sms-updates',
    instance: config.instance,
    heartbeatMs: sms.heartbeatMs,
    log,
    info: () => daemon.info(),
  });
  await runDaemon({ name: 'sms-updates', log, services: [registration, daemon], deadlineMs: STOP_DEADLINE_MS });
  return undefined;
}

runMain('sms-updates', main);
