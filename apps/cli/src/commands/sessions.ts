import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { providers, runDaemon, UsageError, ValidationError, type Config } from '@architect/core';
import { listSessionViews } from '@architect/db';
import { classifyScreen, toJsonShape, type Provider } from '@architect/tmux';
import { identityResolver, scanSessions, sessionPaths, sessionsDown, sessionsUp, SessionWatcher, syncSessionsFromConfig, tmuxDriverFor } from '@architect/sessions';
import type { CliContext } from '../context';
import { formatAge, printJson, printTable } from '../output';
import { choiceArg, intArg } from '../parseArgs';
import { requireMigrated } from '../requireMigrated';

function socketLabel(config: Config): string {
  return config.tmuxSocket ? `socket "${config.tmuxSocket}"` : 'the default socket';
}

export function registerSessions(program: Command, ctx: CliContext): void {
  const sessions = program.command('sessions').description('the agent sessions declared in the config file, and their tmux sessions');

  sessions
    .command('up [names...]')
    .description('create the missing tmux sessions from the config and start their agents')
    .option('--no-hooks', 'start Claude without Architect hooks (state comes from the screen alone)')
    .option('--json', 'print the result as JSON')
    .action(async (names: string[], opts: { hooks: boolean; json?: boolean }) => {
      const config = ctx.config({ checkPaths: true });
      const db = requireMigrated(ctx);
      const configured = config.file.sessions;
      const unknown = names.filter((n) => !configured.some((s) => s.name === n));
      if (unknown.length) throw new UsageError(`not in the config: ${unknown.join(', ')}`);
      syncSessionsFromConfig(db, configured, ctx.clock.now());
      const results = await sessionsUp(
        {
          db,
          driver: tmuxDriverFor(config, false),
          clock: ctx.clock,
          log: ctx.log,
          home: config.home,
          dbPath: config.dbPath,
          tmuxSocket: config.tmuxSocket,
          node: process.execPath,
          cliMain: path.join(ctx.root, 'apps', 'cli', 'dist', 'main.js'),
          options: config.file.sessionOptions,
          hooks: config.file.hooks,
          baseEnv: process.env,
        },
        configured,
        { ...(names.length ? { names } : {}), hooks: opts.hooks },
      );
      if (opts.json) printJson(results);
      else if (!results.length) process.stdout.write('no sessions in the config file\n');
      else printTable(results.map((r) => ({ ...r, pid: r.panePid })), ['name', 'action', 'hooks', 'hookTransport', 'pid', 'worktree', 'error']);
      if (results.some((r) => r.action === 'failed')) process.exitCode = 1;
    });

  sessions
    .command('down [names...]')
    .description("kill Architect's managed tmux sessions (never anything not in the config)")
    .option('--json', 'print the result as JSON')
    .action(async (names: string[], opts: { json?: boolean }) => {
      const config = ctx.config();
      const unknown = names.filter((n) => !config.file.sessions.some((s) => s.name === n));
      if (unknown.length) throw new UsageError(`not in the config: ${unknown.join(', ')} (only configured sessions are ever stopped)`);
      const db = requireMigrated(ctx);
      syncSessionsFromConfig(db, config.file.sessions, ctx.clock.now());
      const results = await sessionsDown({ db, driver: tmuxDriverFor(config, false), clock: ctx.clock, log: ctx.log }, config.file.sessions, names.length ? { names } : {});
      if (opts.json) printJson(results);
      else printTable(results.map((r) => ({ ...r })), ['name', 'action']);
    });

  sessions
    .command('scan')
    .description('reconcile the database with the config and tmux: missing sessions are marked gone, unmanaged ones listed')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = ctx.config();
      const db = requireMigrated(ctx);
      const result = await scanSessions(
        { db, driver: tmuxDriverFor(config, false), clock: ctx.clock, log: ctx.log, idleGraceMs: config.file.sessionOptions.idleGraceMs },
        config.file.sessions,
      );
      if (opts.json) printJson(result);
      else {
        printTable(result.managed.map((m) => ({ ...m })), ['name', 'provider', 'tmux', 'state']);
        if (result.unmanaged.length) {
          process.stdout.write(`\nunmanaged tmux sessions (not in the config; never driven):\n`);
          printTable(result.unmanaged.map((u) => ({ ...u, created: new Date(u.created).toISOString() })), ['name', 'command', 'attached', 'created']);
        }
        if (result.gone.length) process.stdout.write(`\nmarked gone: ${result.gone.join(', ')}\n`);
      }
      if (!result.serverRunning) {
        process.stderr.write(`architect: tmux server is not running on ${socketLabel(config)}; every managed session is marked gone (start them with \`architect sessions up\`)\n`);
        process.exitCode = 1;
      }
    });

  sessions
    .command('list')
    .description('every session Architect knows, with its state, current prompt and last activity')
    .option('--json', 'print as JSON (an array of sessions)')
    .action((opts: { json?: boolean }) => {
      const config = ctx.config();
      const db = requireMigrated(ctx);
      syncSessionsFromConfig(db, config.file.sessions, ctx.clock.now());
      const now = ctx.clock.now();
      const rows = listSessionViews(db).map((s) => ({
        name: s.name,
        provider: s.provider,
        role: s.role,
        specialties: s.specialties,
        cwd: s.cwd,
        host: s.host,
        managed: s.managed,
        state: s.state,
        state_source: s.stateSource,
        state_at: s.stateAt,
        hook_state: s.hookState,
        screen_state: s.screenState,
        process_state: s.processState,
        foreground: s.foreground,
        permission: s.permission,
        current_prompt_id: s.currentPromptId,
        current_prompt: s.currentPromptExcerpt,
        last_activity: s.lastActivity,
        last_output: s.lastOutput,
        completed: s.completedCount,
        failed: s.failedCount,
        success_rate: s.successRate,
        avg_completion_ms: s.avgCompletionMs,
      }));
      if (opts.json) return printJson(rows);
      printTable(
        rows.map((r) => ({
          ...r,
          name: r.managed ? r.name : `${r.name} (unmanaged)`,
          // An exited session says what runs in its pane instead of the agent.
          state: r.state === 'exited' && r.foreground ? `exited (${r.foreground.split(' ')[0]})` : r.state,
          source: r.state_source,
          prompt: r.current_prompt_id ? `#${r.current_prompt_id} ${r.current_prompt ?? ''}` : null,
          activity: r.last_activity ? `${formatAge(Math.max(0, now - r.last_activity))} ago` : null,
          done: `${r.completed}/${r.failed}`,
        })),
        ['name', 'provider', 'role', 'state', 'source', 'prompt', 'activity', 'done'],
      );
    });

  sessions
    .command('classify')
    .description('run the screen detector on a saved screen (a `tmux capture-pane -p`) and print the result')
    .requiredOption('--provider <provider>', `one of ${providers.join(', ')}`, choiceArg('provider', providers))
    .option('--file <file>', 'the screen to read (default: stdin)')
    .option('--width <columns>', 'the pane width the screen was captured at', intArg('width', 1, 10_000))
    .option('--json', 'print exactly the detector JSON')
    .action(async (opts: { provider: Provider; file?: string; width?: number; json?: boolean }) => {
      const screen = opts.file ? readScreenFile(opts.file) : await readAll(process.stdin);
      const c = classifyScreen(opts.provider, screen, opts.width ? { paneWidth: opts.width } : {});
      const json = toJsonShape(c);
      if (opts.json) return printJson(json);
      process.stdout.write(`${c.state}${c.detail ? ` (${c.detail})` : ''}\n`);
      if (c.prompt) {
        process.stdout.write(`  ${c.prompt.tool}: ${c.prompt.command}${c.prompt.complete ? '' : '  [incomplete]'}\n`);
        c.prompt.options.forEach((o, i) => process.stdout.write(`  ${c.prompt!.optionNumbers?.[i] ?? i + 1}. ${o}\n`));
      }
    });

  sessions
    .command('watch')
    .description('run the session watcher in the foreground and print every state change (Ctrl-C stops)')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { json?: boolean }) => {
      const config = ctx.config();
      const db = requireMigrated(ctx);
      syncSessionsFromConfig(db, config.file.sessions, ctx.clock.now());
      const driver = tmuxDriverFor(config, true);
      const watcher = new SessionWatcher({
        db,
        driver,
        log: ctx.log,
        clock: ctx.clock,
        panesDir: sessionPaths(config.home).panesDir,
        options: config.file.sessionOptions,
        identityOf: identityResolver(config.file.sessions),
        alerts: config.file.sessionAlerts,
      });
      const line = (o: Record<string, unknown>) =>
        process.stdout.write(opts.json ? `${JSON.stringify(o)}\n` : `${new Date(o.at as number).toISOString()} ${describe(o)}\n`);
      watcher.onStateChange((e) => line({ type: 'state', ...e, screen: undefined }));
      watcher.onTurnEnd((e) => line({ type: 'turn', ...e }));
      const started = Date.now();
      const cpu0 = process.cpuUsage();
      const handle = await runDaemon({ name: 'sessions-watch', log: ctx.log, services: [watcher], deadlineMs: 5000, exit: () => undefined });
      const code = await handle.stopped;
      driver.close();
      const cpu = process.cpuUsage(cpu0);
      if (opts.json) line({ type: 'stats', at: Date.now(), wallMs: Date.now() - started, cpuUserUs: cpu.user, cpuSystemUs: cpu.system, ...watcher.stats });
      process.exitCode = code;
    });
}

function describe(o: Record<string, unknown>): string {
  if (o.type === 'turn') return `${o.session}: turn ended (${o.event})${o.response ? `: ${String(o.response).split('\n')[0]!.slice(0, 80)}` : ''}`;
  return `${o.session}: ${o.from} → ${o.to}${o.source ? ` (${o.source})` : ''}`;
}

function readScreenFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ValidationError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
