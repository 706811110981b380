import path from 'node:path';
import type { Command } from 'commander';
import { importLegacy, openVault, readLegacySources, vaultKeySourceOf, type LegacyReport } from '@architect/db';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

export function registerImportLegacy(program: Command, ctx: CliContext): void {
  program
    .command('import-legacy')
    .description("bring the old system's data across: projects, features, bugs, milestones, secrets (re-encrypted), prompt history")
    .requiredOption('--architect-db <file>', "the old system's data/architect.db")
    .option('--assigner-db <file>', "the old system's data/assigner/assigner.db (prompt history; sessions are listed, not imported)")
    .option('--dry-run', 'report what would be imported; write nothing')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nIdempotent: a second run imports nothing twice (see the "already" column).')
    .action((opts: { architectDb: string; assignerDb?: string; dryRun?: boolean; json?: boolean }) => {
      const architectDb = path.resolve(opts.architectDb);
      const assignerDb = opts.assignerDb === undefined ? undefined : path.resolve(opts.assignerDb);
      // The old files are read and checked before anything of ours is touched.
      const sources = readLegacySources({ architectDb, assignerDb });
      const db = requireMigrated(ctx);
      const dryRun = opts.dryRun === true;
      // The vault (and its key file) is opened only when there are secrets to re-encrypt.
      const vault = !dryRun && (sources.get('secrets')?.length ?? 0) > 0 ? openVault(db, vaultKeySourceOf(ctx.config())) : undefined;
      const report = importLegacy(db, sources, {
        architectDb,
        assignerDb,
        dryRun,
        seal: vault ? (name, value) => vault.seal(name, value) : undefined,
        now: ctx.clock.now(),
      });
      if (opts.json) return printJson(report);
      printReport(report);
    });
}

function printReport(r: LegacyReport): void {
  process.stdout.write(r.dry_run ? 'dry run: nothing was written\n' : 'imported\n');
  printTable(
    Object.entries(r.tables).map(([table, t]) => ({
      table,
      read: t.read,
      imported: t.imported,
      already: t.already,
      skipped: t.skipped,
      reasons: Object.entries(t.reasons).map(([k, n]) => `${k}:${n}`).join(' ') || null,
    })),
    ['table', 'read', 'imported', 'already', 'skipped', 'reasons'],
  );
  if (r.sessions.length) process.stdout.write(`\nold sessions (declare the ones you keep in architect.config.json): ${r.sessions.join(', ')}\n`);
}
