import os from 'node:os';
import v8 from 'node:v8';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '@architect/core';
import { architectProtectedPaths, bundledParserFiles, defaultVaultKeyPath, loadPolicy } from '@architect/approvals';
import { enabledApprovalRules } from '@architect/db';
import { decide, initPolicy, type Decision, type PermissionRequest } from '@architect/policy';
import type { CliContext } from '../context';
import { printJson } from '../output';

interface ExplainOpts {
  tool: string;
  input: string;
  session?: string;
  cwd?: string;
  json?: boolean;
}

/** `--tool` spellings → the request kind and the Claude tool name the rules match. */
const TOOLS: Record<string, { tool: PermissionRequest['tool']; name: string }> = {
  bash: { tool: 'bash', name: 'Bash' },
  read: { tool: 'read', name: 'Read' },
  edit: { tool: 'edit', name: 'Edit' },
  write: { tool: 'write', name: 'Write' },
  grep: { tool: 'read', name: 'Grep' },
  glob: { tool: 'read', name: 'Glob' },
  ls: { tool: 'read', name: 'LS' },
  fetch: { tool: 'fetch', name: 'WebFetch' },
  webfetch: { tool: 'fetch', name: 'WebFetch' },
};

/**
 * `architect policy explain`: what auto-confirm would answer for one request, with the rule and
 * every reason, before a user writes (or relies on) a rule. Read-only: nothing is recorded.
 */
export function registerPolicy(program: Command, ctx: CliContext): void {
  const policy = program.command('policy').description('inspect the auto-confirm policy');
  policy
    .command('explain')
    .description('show what auto-confirm would decide for one request: decision, rule and every reason')
    .requiredOption('--tool <tool>', 'bash | read | edit | write | grep | glob | ls | fetch | mcp__server__tool')
    .requiredOption('--input <text>', 'the command (bash), the path (read/edit/write/grep/glob/ls), the URL (fetch), or JSON arguments (mcp)')
    .option('--session <name>', "judge in that configured session's working directory")
    .option('--cwd <dir>', 'judge in this directory (default: the current one)')
    .option('--json', 'print the decision as one JSON document')
    .action(async (opts: ExplainOpts) => {
      const request = toRequest(opts.tool, opts.input);
      const config = ctx.config();
      const cwd = sessionCwd(ctx, opts);
      const compiled = loadPolicy(config.file.autoConfirm, dashboardRules(ctx), config.configPath);
      // One decision, then exit: baseline WASM code is plenty (as in the hook), optimising the grammars is not.
      v8.setFlagsFromString('--liftoff-only');
      if (request.tool === 'bash') await initPolicy(bundledParserFiles());
      const protectedPaths = architectProtectedPaths({ dbPath: config.dbPath, home: config.home, vaultKeyPath: ctx.env.ARCHITECT_VAULT_KEY ?? defaultVaultKeyPath(config.home) });
      const d = decide(compiled, request, { cwd, home: os.homedir(), protectedPaths });
      if (opts.json) return printJson({ tool: opts.tool, input: opts.input, cwd, ...d });
      process.stdout.write(render(d, cwd));
    });
}

function toRequest(tool: string, input: string): PermissionRequest {
  if (/^mcp__[^_].*__.+$/.test(tool)) {
    let args: unknown;
    try {
      args = JSON.parse(input === '' ? '{}' : input);
    } catch {
      throw new UsageError(`--input for an MCP tool must be JSON arguments, got ${JSON.stringify(input.slice(0, 40))}`);
    }
    if (!args || typeof args !== 'object' || Array.isArray(args)) throw new UsageError('--input for an MCP tool must be a JSON object');
    return { tool: 'mcp', toolName: tool, input: args as Record<string, unknown> };
  }
  const t = TOOLS[tool.toLowerCase()];
  if (!t) throw new UsageError(`--tool must be one of ${Object.keys(TOOLS).join(', ')} or mcp__server__tool, got "${tool}"`);
  if (input === '') throw new UsageError('--input must not be empty');
  if (t.tool === 'bash') return { tool: 'bash', toolName: t.name, command: input };
  if (t.tool === 'fetch') return { tool: 'fetch', toolName: t.name, url: input };
  return { tool: t.tool, toolName: t.name, path: input, input: { path: input } };
}

function sessionCwd(ctx: CliContext, opts: ExplainOpts): string {
  if (opts.session && opts.cwd) throw new UsageError('give --session or --cwd, not both');
  if (!opts.session) return path.resolve(opts.cwd ?? process.cwd());
  const s = ctx.config().file.sessions.find((x) => x.name === opts.session);
  if (!s) throw new UsageError(`no configured session named "${opts.session}"`);
  return s.cwd;
}

/** The dashboard's rules join the config's, as auto-confirm does; without a database there are none. */
function dashboardRules(ctx: CliContext): { allow: string[]; ask: string[]; deny: string[] } {
  try {
    return enabledApprovalRules(ctx.db());
  } catch {
    return { allow: [], ask: [], deny: [] };
  }
}


function render(d: Decision, cwd: string): string {
  const lines = [`decision: ${d.outcome}`, `rule:     ${d.rule}`, `reason:   ${d.reason}`, `cwd:      ${cwd}`];
  const parts = (d.parts ?? []).filter((p) => p.outcome !== 'neutral' || p.rule !== 'builtin:neutral');
  if (parts.length > 0) {
    lines.push('parts:');
    for (const p of parts) lines.push(`  ${p.outcome.padEnd(8)} ${p.text.replace(/\s+/g, ' ').slice(0, 70)}\n           ${p.rule}: ${p.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
