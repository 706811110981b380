import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { migrationsDir, type Db } from '@architect/db';
import { backupDatabase, cronLines, Pm2RpcReader, restoreDatabase, runMaintenance, runningDaemons } from '@architect/health';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

/** The app names in ecosystem.config.cjs: a PM2 process by one of these names is ours. */
const APP_NAMES = ['task-worker', 'auto-confirm', 'assigner', 'health', 'sms-updates', 'milestone', 'orchestrator', 'dashboard'];

export function registerMaintenance(program: Command, ctx: CliContext): void {
  program
    .command('maintenance')
    .description('delete rows past retention (in batches), checkpoint the WAL, vacuum when worth it, run integrity_check')
    .option('--dry-run', 'only count what would be deleted; change nothing')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const db = requireMigrated(ctx);
      const m = ctx.config().file.maintenance;
      const result = await runMaintenance(db, { now: ctx.clock.now(), retentionDays: m.retentionDays, batchSize: m.batchSize, vacuum: m.vacuum, dryRun: opts.dryRun ?? false });
      if (!result.integrity.ok) process.exitCode = 1;
      if (opts.json) return printJson(result);
      const verb = result.dry_run ? 'would delete' : 'deleted';
      printTable(result.tables.map((t) => ({ table: t.table, 'older than': `${t.days} d`, [verb]: t.rows })), ['table', 'older than', verb]);
      if (result.checkpoint) process.stdout.write(`WAL checkpoint (TRUNCATE): ${result.checkpoint.checkpointed} pages\n`);
      process.stdout.write(`vacuum: ${result.vacuum.ran ? 'ran' : 'skipped'} (${result.vacuum.reason}); ${result.vacuum.bytes_before} -> ${result.vacuum.bytes_after} bytes\n`);
      process.stdout.write(`integrity_check: ${result.integrity.ok ? 'ok' : result.integrity.problems.join('; ')}\n`);
    });

  program
    .command('backup')
    .description('online backup (SQLite backup API) into data/backups/, checked with integrity_check; keeps maintenance.backupKeep')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const db = requireMigrated(ctx);
      const c = ctx.config();
      // SPEC §1: data/ holds the database and its backups, wherever ARCHITECT_DB points.
      const dir = path.join(c.home, 'data', 'backups');
      const result = await backupDatabase(db, { dir, now: ctx.clock.now(), keep: c.file.maintenance.backupKeep });
      if (opts.json) return printJson(result);
      process.stdout.write(`backup ${result.file} (${result.bytes} bytes, integrity ok)${result.pruned.length ? `; pruned ${result.pruned.length} older` : ''}\n`);
    });

  program
    .command('restore <file>')
    .description('replace the database with a backup (refused while daemons run); the current one is kept aside')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const c = ctx.config();
      const now = ctx.clock.now();
      const pm2 = new Pm2RpcReader(ctx.env.PM2_HOME ?? path.join(os.homedir(), '.pm2'));
      // A missing or broken database is exactly when a restore is needed: then PM2 alone says
      // whether daemons run.
      let db: Db | null = null;
      try {
        if (fs.existsSync(c.dbPath)) db = ctx.db();
      } catch {
        db = null;
      }
      const running = await runningDaemons(db, now, { pm2, appNames: APP_NAMES });
      // The restore renames the file under this connection: close it first.
      ctx.close();
      const result = restoreDatabase({ file: path.resolve(file), dbPath: c.dbPath, migrationsDir: migrationsDir(ctx.root), now, running });
      if (opts.json) return printJson(result);
      process.stdout.write(`restored ${result.db} from ${result.restored_from}\n`);
      for (const f of result.kept_aside) process.stdout.write(`  previous database kept as ${f}\n`);
      if (result.migrations_applied.length) process.stdout.write(`  applied migrations: ${result.migrations_applied.join(', ')}\n`);
    });

  const cron = program.command('cron').description('crontab lines for the scheduled jobs');
  cron
    .command('print')
    .description('print crontab lines (maintenance daily, backup every 6 h, a health probe every 5 min)')
    .action(() => {
      const c = ctx.config();
      const lines = cronLines({
        node: process.execPath,
        cli: path.join(ctx.root, 'apps', 'cli', 'dist', 'main.js'),
        root: ctx.root,
        home: c.home,
        env: {
          ARCHITECT_HOME: c.home,
          ARCHITECT_DB: c.dbPath,
          // An explicit ARCHITECT_CONFIG must exist; the default path is optional.
          ARCHITECT_CONFIG: c.configPathExplicit || fs.existsSync(c.configPath) ? c.configPath : undefined,
          ARCHITECT_TMUX_SOCKET: c.tmuxSocket,
          PM2_HOME: ctx.env.PM2_HOME,
        },
      });
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
