import os from 'node:os';
import { createRequire } from 'node:module';
import { runDaemon, systemClock } from '@architect/core';
import { initPolicy } from '@architect/policy';
import { WorkerRegistration, syncConfiguredProjects, bootDaemon, runMain } from '@architect/db';
import { policyRuleJudge } from './escalationRule';
import { Orchestrator } from './orchestrator';

/** PM2's kill_timeout for this app is 10 s; the graceful stop must end well before it. */
const STOP_DEADLINE_MS = 8000;

async function main(): Promise<number | undefined> {
  const boot = bootDaemon('orchestrator');
  if (!boot) return 1;
  const { config, log, db, once } = boot;
  // Plans name their project; its path (the verify commands' folder) comes from the config.
  syncConfiguredProjects(db, config.file.projects, systemClock.now());
  // The shell parser judges whether a suggested allow rule would be safe; the bundle cannot find
  // its .wasm files through the policy package, so they are resolved here (as in auto-confirm).
  const require = createRequire(import.meta.url);
  await initPolicy({
    runtimeWasm: require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    bashWasm: require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
    pythonWasm: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    javascriptWasm: require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'),
  });
  const judge = policyRuleJudge(config.file.autoConfirm, os.homedir());
  const orchestrator = new Orchestrator({ db, log, clock: systemClock, config: config.file.orchestrator, judge });
  if (once) {
    orchestrator.tick();
    log.info(orchestrator.totals, 'one orchestrator cycle');
    db.close();
    return 0;
  }
  const registration = new WorkerRegistration({
    db,
    name: 'orchestrator',
    instance: config.instance,
    heartbeatMs: config.file.orchestrator.heartbeatMs,
    log,
    info: () => orchestrator.info(),
  });
  await runDaemon({ name: 'orchestrator', log, services: [registration, orchestrator], deadlineMs: STOP_DEADLINE_MS });
  return undefined;
}

runMain('orchestrator', main);
