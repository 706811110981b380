import fs from 'node:fs';
import type { Command } from 'commander';
import { ValidationError, hashPassword, passwordProblem } from '@architect/core';
import { deleteAllWebSessions, immediate, recordAudit, writePasswordHash } from '@architect/db';
import type { CliContext } from '../context';
import { printJson } from '../output';
import { requireMigrated } from '../requireMigrated';

export function registerDashboard(program: Command, ctx: CliContext): void {
  const dashboard = program.command('dashboard').description('the web dashboard');

  dashboard
    .command('passwd')
    .description('set a new dashboard password, read from stdin (one line); every login session ends')
    .option('--json', 'print {"changed": true}')
    .addHelpText('after', '\nExample: printf "%s" "a long passphrase" | architect dashboard passwd')
    .action((opts: { json?: boolean }) => {
      // The password never appears in argv (visible in ps) or in the shell history.
      const raw = fs.readFileSync(0, 'utf8');
      const password = raw.replace(/\r?\n$/, '');
      const problem = passwordProblem(password);
      if (problem) throw new ValidationError(problem);
      const hash = hashPassword(password);
      const db = requireMigrated(ctx);
      const now = ctx.clock.now();
      const ended = immediate(db, () => {
        writePasswordHash(db, hash, now);
        const n = deleteAllWebSessions(db);
        recordAudit(db, { actor: 'cli', action: 'dashboard.passwd', target: null, details: { sessionsEnded: n }, ip: null }, now);
        return n;
      });
      if (opts.json) printJson({ changed: true, sessions_ended: ended });
      else process.stdout.write(`dashboard password changed${ended ? ` (${ended} login session(s) ended)` : ''}\n`);
    });
}
