// PM2 process file for the Architect suite: `pm2 start ecosystem.config.cjs`.
// Every daemon runs its compiled apps/<name>/dist/main.js in fork mode, says 'ready'
// (wait_ready), stops gracefully on SIGINT inside its own deadline — kept below kill_timeout so
// PM2 never has to SIGKILL a healthy daemon — and restarts with exponential backoff on a crash.
const path = require('node:path');

const root = __dirname;
const home = process.env.ARCHITECT_HOME || root;
const logs = path.join(home, 'logs');

/** @param {string} name @param {{ instances?: number, killTimeout?: number, args?: string, treekill?: boolean, nodeArgs?: string }} [opts] */
function daemon(name, opts = {}) {
  return {
    name,
    script: path.join(root, 'apps', name, 'dist', 'main.js'),
    args: opts.args,
    // --expose-gc: the daemon's HeapKeeper runs a full collection once its heap has grown 4 MB
    // since the last one, so old-generation garbage does not pile up for minutes (packages/core).
    node_args: ['--expose-gc', opts.nodeArgs].filter(Boolean).join(' '),
    cwd: root,
    exec_mode: 'fork',
    instances: opts.instances ?? 1,
    // Each app's graceful-stop deadline is 2 s below this.
    kill_timeout: opts.killTimeout ?? 10_000,
    wait_ready: true,
    listen_timeout: 20_000,
    autorestart: true,
    treekill: opts.treekill ?? true,
    exp_backoff_restart_delay: 200,
    max_memory_restart: '300M',
    out_file: path.join(logs, `${name}.out.log`),
    error_file: path.join(logs, `${name}.err.log`),
    merge_logs: true,
    // glibc's malloc: fixed trim and mmap thresholds (128 KB) instead of its dynamic ones, which
    // rise after the first large free and then keep freed native memory (SQLite pages, tmux and
    // pipe buffers) in the process for good. Measured in `pnpm soak` (docs/assigner.md).
    env: { NODE_ENV: 'production', MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072' },
  };
}

module.exports = {
  apps: [
    // treekill off: on stop the worker itself lets its task finish, or kills the task's process
    // group and releases the task, inside its deadline (docs/taskWorker.md).
    daemon('task-worker', { instances: 2, treekill: false }),
    // One instance: a second one would only stand by (see apps/auto-confirm, single-instance lease).
    // A small young generation keeps it under 100 MB resident through bursts of twenty screens;
    // --optimize-for-size keeps the old generation's sawtooth low (as for the assigner).
    daemon('auto-confirm', { nodeArgs: '--max-semi-space-size=2 --optimize-for-size' }),
    // One instance: it hosts the session watcher and types into agents; two would race at the screen
    // (claims are CAS-safe, but the watcher and the wake-ups are per process). Stop deadline 8 s.
    // A small young generation and V8's memory-saving mode: with the defaults its resident size
    // crept 84 → 124 MB in a 3-minute soak while its heap stayed under 31 MB; with these the
    // maximum was 92 MB (`pnpm soak`, docs/assigner.md, which also gives the CPU cost).
    daemon('assigner', { nodeArgs: '--max-semi-space-size=2 --optimize-for-size' }),
    // One instance: it samples every check and records transitions (docs/health.md). Stop deadline 8 s.
    daemon('health'),
    // One instance: at start it marks any message a previous life left mid-send as unknown (never
    // re-sent), which is only right if no other instance is sending. Stop deadline 8 s.
    daemon('sms-updates'),
    // One instance: it serves the web dashboard on HOST:PORT (127.0.0.1:8080 by default). A small
    // young generation keeps it under 100 MB resident (page renders make short-lived garbage).
    daemon('dashboard', { nodeArgs: '--max-semi-space-size=2' }),
    // One instance: it rescans the configured projects every milestones.intervalMinutes (docs/milestones.md).
    daemon('milestone'),
    // One instance: it queues plan steps and runs their verify commands; every transition is a
    // compare-and-swap, so a restart mid-cycle never queues a step twice (docs/orchestrator.md).
    daemon('orchestrator'),
  ],
};
