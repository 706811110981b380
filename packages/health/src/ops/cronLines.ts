import path from 'node:path';

export interface CronOptions {
  /** Absolute path of node. */
  node: string;
  /** Absolute path of the built CLI (apps/cli/dist/main.js). */
  cli: string;
  /** The repository root (cron jobs cd there). */
  root: string;
  home: string;
  /** Environment the jobs need, already resolved to absolute values. */
  env: Record<string, string | undefined>;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * The crontab for what runs on a schedule rather than under PM2: maintenance daily at 03:17,
 * a backup every 6 hours, and a health probe every 5 minutes that appends the verdict to a log and
 * raises an alert when the health daemon itself is not running (nothing else would notice).
 * Paths are absolute and the environment is spelled out: cron starts jobs with an almost empty
 * environment and no PATH to node.
 */
export function cronLines(o: CronOptions): string[] {
  const env = Object.entries(o.env)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${shellQuote(v)}`)
    .join(' ');
  const logs = path.join(o.home, 'logs');
  const job = (args: string, log: string) =>
    `cd ${shellQuote(o.root)} && ${env} ${shellQuote(o.node)} ${shellQuote(o.cli)} ${args} >> ${shellQuote(path.join(logs, log))} 2>&1`;
  return [
    `# Architect (${o.home}) — install with: architect cron print | crontab -   (or append to crontab -e)`,
    `17 3 * * * ${job('maintenance --json', 'maintenance.log')}`,
    `0 */6 * * * ${job('backup --json', 'backup.log')}`,
    `*/5 * * * * ${job('health --alert', 'health-cron.log')}`,
  ];
}
