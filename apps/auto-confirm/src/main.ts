import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import v8 from 'node:v8';
import { architectProtectedPaths, HOOK_SOCKET_TIMING, hookSocketPath } from '@architect/approvals';
import { ConfigError, parseEnv, runDaemon, systemClock } from '@architect/core';
import { WorkerRegistration, findRepoRoot, bootDaemon, runMain } from '@architect/db';
import { openSqlite } from '@architect/db/lite';
import { initPolicy } from '@architect/policy';
import { ensureHookEndpoint, hookEndpointPath, identityResolver, PaneActivity, paneAgentCheck, sessionPaths, tmuxDriverFor } from '@architect/sessions';
import { AutoConfirmService } from './autoConfirmService';
import { fileStamp, hookRequestHandler } from './hookRequestHandler';
import { HookReceivers } from './hookReceivers';
import { HookSocketServer } from './hookSocketServer';
import { httpHookHandler } from './httpHookHandler';
import { PolicyHolder } from './policyHolder';
import { runOnce } from './runOnce';
import { withStatementCache } from './statementCache';

/** PM2's kill_timeout for this app is 10 s; the graceful stop must end well before it. */
const STOP_DEADLINE_MS = 8000;

async function main(): Promise<number | undefined> {
  // Taken before reading: an edit racing the read then shows as a change (hooks decide themselves).
  const configStamp = fileStamp(parseEnv(process.env, findRepoRoot()).configPath);
  const boot = bootDaemon('auto-confirm');
  if (!boot) return 1;
  const { config, log, db, once } = boot;
  const ac = config.file.autoConfirm;
  let policy: PolicyHolder;
  try {
    policy = new PolicyHolder({ db, config: ac, source: config.configPath, clock: systemClock, log });
  } catch (err) {
    // A rule that does not parse is a config error, never ignored: say which and why, and exit.
    if (!(err instanceof ConfigError)) throw err;
    log.fatal({ problems: err.problems }, 'invalid auto-confirm policy');
    process.stderr.write(`auto-confirm: ${err.message}\n`);
    db.close();
    return 1;
  }
  // Baseline (Liftoff) code for the 1.3 MB bash grammar: optimising it costs ~40 MB of resident
  // memory for no visible gain (a command parses in well under a millisecond either way).
  v8.setFlagsFromString('--liftoff-only');
  // The bundle cannot find the parser's .wasm files through the policy package: resolve them here.
  const require = createRequire(import.meta.url);
  await initPolicy({
    runtimeWasm: require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    bashWasm: require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
    pythonWasm: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    javascriptWasm: require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'),
  });

  const { panesDir } = sessionPaths(config.home);
  const activity = new PaneActivity({ dir: panesDir, log });
  // ARCHITECT_VAULT_KEY holds the key itself (docs/vault.md), not a path: the file is always here.
  const vaultKeyPath = config.vaultKeyPath;
  const protectedPaths = architectProtectedPaths({ dbPath: config.dbPath, home: config.home, vaultKeyPath });
  const hookDeps = {
    db: withStatementCache(openSqlite({ path: config.dbPath, busyTimeoutMs: HOOK_SOCKET_TIMING.daemonBusyTimeoutMs })),
    configStamp,
    autoConfirm: ac,
    sessions: config.file.sessions,
    policy: () => policy.latest(),
    home: os.homedir(),
    protectedPaths,
    panesDir,
    holdsLease: (): boolean => service.lease.holds(),
    clock: systemClock,
    log,
  };
  const endpointFile = hookEndpointPath(config.home);
  const hookServer = once
    ? undefined
    : new HookReceivers({
        socket: new HookSocketServer({
          socketPath: hookSocketPath(config.home),
          log,
          handle: hookRequestHandler({
            ...hookDeps,
            context: { home: config.home, dbPath: config.dbPath, configPath: config.configPath, vaultKeyPath, userHome: os.homedir() },
          }),
        }),
        endpointFile,
        endpoint: await ensureHookEndpoint(endpointFile, config.file.hooks.httpPort),
        configuredPort: config.file.hooks.httpPort,
        handle: httpHookHandler({ ...hookDeps, configPath: config.configPath }),
        log,
      });
  const driver = tmuxDriverFor(config, !once);
  const service = new AutoConfirmService({
    db,
    driver,
    config: ac,
    sessions: config.file.sessions,
    policy: () => policy.current(),
    home: os.homedir(),
    protectedPaths,
    holder: `auto-confirm@${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
    ...(once ? {} : { activity, panesDir }),
    captureIntervalMs: config.file.sessionOptions.captureIntervalMs,
    busyCaptureIntervalMs: config.file.sessionOptions.busyCaptureIntervalMs,
    watch: !once,
    ...(hookServer ? { hookServer } : {}),
    checkAgent: paneAgentCheck(driver, identityResolver(config.file.sessions)),
    log,
    clock: systemClock,
  });

  if (once) {
    const result = await runOnce(service);
    log.info(result, result.leader ? 'one pass done' : 'another auto-confirm holds the lease; nothing done');
    db.close();
    return 0;
  }

  const registration = new WorkerRegistration({
    db,
    name: 'auto-confirm',
    instance: config.instance,
    heartbeatMs: 5000,
    log,
    info: () => service.info(),
  });
  const handle = await runDaemon({ name: 'auto-confirm', log, services: [registration, activity, service], deadlineMs: STOP_DEADLINE_MS });
  void handle.stopped.then(() => driver.close());
  return undefined;
}

runMain('auto-confirm', main);
