import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { UsageError, VaultKeyError, secretNameProblem } from '@architect/core';
import { listSecrets, openVault, rotateVaultKey, vaultKeySourceOf, type Vault } from '@architect/db';
import type { CliContext } from '../context';
import { printJson, printTable } from '../output';
import { requireMigrated } from '../requireMigrated';

const actor = () => `cli:${os.userInfo().username}`;

function nameArg(name: string): string {
  const problem = secretNameProblem(name);
  if (problem) throw new UsageError(problem);
  return name;
}

function vaultOf(ctx: CliContext): Vault {
  return openVault(requireMigrated(ctx), vaultKeySourceOf(ctx.config()));
}

/** The value comes on stdin only: argv is visible to every user in `ps` and lands in shell history. */
function readValueFromStdin(): string {
  if (process.stdin.isTTY) process.stderr.write('type the value, then Ctrl-D:\n');
  return fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

export function registerSecrets(program: Command, ctx: CliContext): void {
  const secrets = program.command('secrets').description('the secrets vault (AES-256-GCM; key in data/vault.key or ARCHITECT_VAULT_KEY)');

  secrets
    .command('set')
    .description('store a secret; the value is read from stdin, never from the command line')
    .argument('<name>', 'secret name, e.g. TWILIO_AUTH_TOKEN')
    .argument('[value]', 'refused: pass the value on stdin')
    .option('--service <s>', 'the service that uses it (shown in listings)')
    .option('--category <c>', 'api_key, password, token, certificate, ssh_key, env_var, general')
    .option('--description <d>', 'what it is for')
    .option('--json', 'print {"name", "outcome"}')
    .addHelpText('after', '\nExample: printf "%s" "$TOKEN" | architect secrets set GITHUB_TOKEN --service github')
    .action((name: string, value: string | undefined, opts: { service?: string; category?: string; description?: string; json?: boolean }) => {
      if (value !== undefined) {
        throw new UsageError('secrets set takes the value on stdin, not as an argument (argv is visible in `ps` and shell history): printf "%s" "$VALUE" | architect secrets set NAME');
      }
      nameArg(name);
      const vault = vaultOf(ctx);
      const outcome = vault.set(name, readValueFromStdin(), { service: opts.service, category: opts.category, description: opts.description, actor: actor() }, ctx.clock.now());
      if (opts.json) printJson({ name, outcome });
      else process.stdout.write(`secret ${name} ${outcome}\n`);
    });

  secrets
    .command('get')
    .description('print a secret value (audited)')
    .argument('<name>', 'secret name')
    .option('--json', 'print {"name", "value"}')
    .action((name: string, opts: { json?: boolean }) => {
      const value = vaultOf(ctx).reveal(nameArg(name), { actor: actor() }, ctx.clock.now());
      if (opts.json) printJson({ name, value });
      else process.stdout.write(`${value}\n`);
    });

  secrets
    .command('list')
    .description('secret names and services (never values)')
    .option('--service <s>', 'only this service')
    .option('--json', 'print as a JSON array')
    .action((opts: { service?: string; json?: boolean }) => {
      // Listing needs no key: names and metadata are stored in the clear.
      const rows = listSecrets(requireMigrated(ctx), { service: opts.service });
      if (opts.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ ...r, updated: new Date(r.updated_at).toISOString(), revealed: r.last_revealed_at ? new Date(r.last_revealed_at).toISOString() : null })),
        ['name', 'service', 'category', 'updated', 'revealed'],
      );
    });

  secrets
    .command('rm')
    .description('delete a secret')
    .argument('<name>', 'secret name')
    .option('--json', 'print {"name", "removed": true}')
    .action((name: string, opts: { json?: boolean }) => {
      vaultOf(ctx).remove(nameArg(name), actor(), ctx.clock.now());
      if (opts.json) printJson({ name, removed: true });
      else process.stdout.write(`secret ${name} removed\n`);
    });

  secrets
    .command('rotate-key')
    .description('re-encrypt every secret under a new key (one transaction), then replace data/vault.key')
    .option('--json', 'print {"reencrypted", "old_key_id", "new_key_id"}')
    .action((opts: { json?: boolean }) => {
      const config = ctx.config();
      if (config.vaultKey) {
        throw new VaultKeyError('the vault key comes from ARCHITECT_VAULT_KEY: rotate-key replaces data/vault.key only; unset the variable (moving the key into the file) to rotate');
      }
      const db = requireMigrated(ctx);
      openVault(db, vaultKeySourceOf(config)); // settles an interrupted rotation, checks the key
      const r = rotateVaultKey(db, config.vaultKeyPath, actor(), ctx.clock.now());
      if (opts.json) printJson({ reencrypted: r.reencrypted, old_key_id: r.oldKeyId, new_key_id: r.newKeyId });
      else process.stdout.write(`vault key rotated: ${r.reencrypted} secret(s) re-encrypted (key ${r.oldKeyId} -> ${r.newKeyId})\n`);
    });
}
