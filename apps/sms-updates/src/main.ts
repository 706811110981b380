import os from 'node:os';
import v8 from 'node:v8';
import { applySmsEnv, applySmsVault, createLogger, loadConfig, runDaemon, toError } from '@architect/core';
import { WorkerRegistration, createDb, findRepoRoot, isMigrated, migrationsDir, vaultKeySourceOf, vaultLookup } from '@architect/db';
import { chooseTransport } from '@architect/notify';
import { DAEMON_PREFIX, SmsUpdates } from './smsUpdates';

// twilio-node and its axios add ~14 MB to a ~76 MB daemon (measured: 90 MB resident with Twilio
// configured, idle); optimize-for-size collects sooner: 84 MB, further inside the 100 MB budget.
v8.setFlagsFromString('--optimize-for-size');

/** PM2's kill_timeout for this app is 10 s; the graceful stop must end well before it. */
const STOP_DEADLINE_MS = 8000;

async function main(): Promise<number | undefined> {
  const once = process.argv.includes('--once');
  const root = findRepoRoot();
  const config = loadConfig({ env: process.env, defaultHome: root });
  const log = createLogger({ name: 'sms-updates', level: config.logLevel, base: { instance: config.instance } });
  const db = createDb({ path: config.dbPath, synchronous: config.synchronous });
  if (!isMigrated(db, migrationsDir(root))) {
    log.fatal({ db: config.dbPath }, 'database is not migrated: run `architect db migrate` first');
    db.close();
    return 1;
  }
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

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (raw) => {
    process.stderr.write(`sms-updates: ${toError(raw).message}\n`);
    process.exit(1);
  },
);
