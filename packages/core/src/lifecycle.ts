import type { Logger } from './logger';
import { toError } from './errors';
import { HeapKeeper } from './heapKeeper';

/** Anything long-running: started once, stopped once (idempotently), waiting for in-flight work. */
export interface Service {
  name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export interface RunDaemonOptions {
  name: string;
  log: Logger;
  services: Service[];
  /** Graceful-stop deadline; must stay below PM2's kill_timeout for this app. */
  deadlineMs: number;
  /** Injected for tests; defaults to the real process. */
  proc?: NodeJS.Process;
  /** The heap keeper's collector (tests); defaults to `globalThis.gc`, present under --expose-gc. */
  gc?: (() => void) | undefined;
  exit?: (code: number) => void;
}

export interface DaemonHandle {
  /** Resolves with the exit code once the daemon has stopped. */
  stopped: Promise<number>;
  shutdown(reason: string): Promise<number>;
}

/**
 * The one place shutdown lives. Services start in order and stop in reverse. The first SIGINT
 * (what PM2 sends) or SIGTERM stops gracefully under `deadlineMs`; a second signal or the
 * deadline exits at once with a non-zero code. An unhandled rejection crashes the process so PM2
 * restarts it with backoff rather than leaving a half-dead daemon. Every daemon also gets a
 * HeapKeeper, which acts only when node runs with --expose-gc (as PM2 starts them).
 */
export async function runDaemon(opts: RunDaemonOptions): Promise<DaemonHandle> {
  const proc = opts.proc ?? process;
  const exit = opts.exit ?? ((code: number) => proc.exit(code));
  const { log } = opts;
  const services = [new HeapKeeper({ log, ...('gc' in opts ? { gc: opts.gc } : {}) }), ...opts.services];
  let stopping: Promise<number> | undefined;
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((r) => (resolveStopped = r));

  const shutdown = (reason: string): Promise<number> => {
    if (stopping) return stopping;
    log.info({ reason, deadlineMs: opts.deadlineMs }, 'stopping');
    const deadline = new Promise<number>((resolve) => {
      const t = setTimeout(() => {
        log.error({ deadlineMs: opts.deadlineMs }, 'graceful stop missed its deadline; exiting');
        resolve(1);
      }, opts.deadlineMs);
      t.unref();
    });
    stopping = Promise.race([stopServices(services, log), deadline]).then((code) => {
      resolveStopped(code);
      return code;
    });
    return stopping;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal; exiting now');
      exit(130);
      return;
    }
    void shutdown(signal).then(exit);
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  proc.on('unhandledRejection', (reason) => {
    log.fatal({ err: toError(reason) }, 'unhandled rejection; crashing so PM2 restarts us');
    exit(1);
  });

  for (const service of services) {
    await service.start();
    log.debug({ service: service.name }, 'service started');
  }
  log.info({ services: services.map((s) => s.name) }, 'ready');
  proc.send?.('ready');
  return { stopped, shutdown };
}

async function stopServices(services: Service[], log: Logger): Promise<number> {
  let code = 0;
  for (const service of [...services].reverse()) {
    try {
      await service.stop();
    } catch (raw) {
      code = 1;
      log.error({ err: toError(raw), service: service.name }, 'service failed to stop cleanly');
    }
  }
  log.info({ code }, 'stopped');
  return code;
}
