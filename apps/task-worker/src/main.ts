import os from 'node:os';
import v8 from 'node:v8';
import { runDaemon } from '@architect/core';
import { WorkerRegistration, bootDaemon, runMain } from '@architect/db';
import { TaskWorker } from './taskWorker';

// Every task leaves a child process, two pipes and their streams behind; V8's default heuristics
// let that garbage pile up in old space to ~110 MB RSS before a full GC (the live heap stays ~10 MB).
// optimize-for-size collects sooner: ~75 MB, inside the 100 MB budget, at no measurable cost in
// task throughput (the work is spawning). Set here so `node dist/main.js` needs no extra flags.
v8.setFlagsFromString('--optimize-for-size');

/** PM2's kill_timeout for this app is 10 s; the graceful stop must end well before it. */
const STOP_DEADLINE_MS = 8000;

async function main(): Promise<number | undefined> {
  const boot = bootDaemon('task-worker');
  if (!boot) return 1;
  const { config, log, db, once } = boot;
  const worker = new TaskWorker({
    db,
    log,
    workerId: `task-worker:${config.instance}@${os.hostname()}:${process.pid}`,
    config: config.file.taskWorker,
    // A snapshot: reading process.env builds every string anew, on every task.
    env: { ...process.env },
    defaultCwd: process.cwd(),
    watch: !once,
  });

  if (once) {
    // One claim/run cycle. Ctrl-C releases the task the same way a graceful stop does.
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    const task = await worker.runOnce(stop.signal);
    log.info({ taskId: task?.id ?? null, ...worker.stats }, task ? 'ran one task' : 'no task ready');
    db.close();
    return 0;
  }

  const registration = new WorkerRegistration({
    db,
    name: 'task-worker',
    instance: config.instance,
    heartbeatMs: config.file.taskWorker.heartbeatMs,
    log,
    info: () => worker.info(),
  });
  await runDaemon({ name: 'task-worker', log, services: [registration, worker], deadlineMs: STOP_DEADLINE_MS });
  return undefined;
}

runMain('task-worker', main);
